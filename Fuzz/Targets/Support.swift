import Foundation

/// A per-process scratch folder in memory (/dev/shm where there is one): the readers under test take
/// paths, so each input is written to a file first.
enum Scratch {
    static let directory: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = (base as NSString).appendingPathComponent("glmtts-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.directory) }
        return dir
    }()

    /// Writes the fuzzer's bytes to `name` in the scratch folder and returns its path.
    static func write(_ data: UnsafePointer<UInt8>, _ size: Int, name: String) -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        let bytes = Data(bytes: data, count: size)
        guard FileManager.default.createFile(atPath: path, contents: bytes) else { fatalError("cannot write \(path)") }
        return path
    }

    static func string(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }
}
