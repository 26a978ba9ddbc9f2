/// A model file that cannot be used, with the file, the tensor where known, and what was expected.
public struct ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let tensor: String?
    public let reason: String

    public init(file: String, tensor: String? = nil, reason: String) {
        self.file = file
        self.tensor = tensor
        self.reason = reason
    }

    public var description: String {
        if let tensor { return "\(file): tensor \(tensor): \(reason)" }
        return "\(file): \(reason)"
    }
}
