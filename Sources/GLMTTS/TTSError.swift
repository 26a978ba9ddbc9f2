/// Every error the library throws. Each case names what was wrong and where, so that a message
/// printed to a user points at the file, the tensor or the line to fix.
public enum TTSError: Error, Sendable, Equatable {
    case invalidAudio(path: String, reason: String)
    case invalidModel(file: String, tensor: String?, reason: String)
    case invalidArgument(name: String, reason: String)
    case kvCacheFull(capacity: Int)
    case kernel(name: String, status: Int32)
}

extension TTSError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .invalidAudio(path, reason):
            return "invalid audio file \(path): \(reason)"
        case let .invalidModel(file, tensor, reason):
            if let tensor { return "invalid model file \(file), tensor \(tensor): \(reason)" }
            return "invalid model file \(file): \(reason)"
        case let .invalidArgument(name, reason):
            return "invalid \(name): \(reason)"
        case let .kvCacheFull(capacity):
            return "the KV cache is full (capacity \(capacity) positions); raise the capacity or shorten the request"
        case let .kernel(name, status):
            return "kernel \(name) failed with status \(status)"
        }
    }
}
