import ArgumentParser
import Foundation
import GLMTTS

/// Options every model-using subcommand shares.
struct ModelOptions: ParsableArguments {
    @Option(help: "Model directory (a Hugging Face Llama checkpoint for `lm`).")
    var model: String?

    @Option(help: "OpenBLAS threads (default: OpenBLAS's own choice, usually one per core).")
    var threads: Int?

    func applyThreads() throws {
        guard let threads else { return }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads).") }
        try Kernels.setThreadCount(threads)
    }
}

/// Prints an Encodable value as one line of JSON with sorted keys.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Parses "5,17,42" into token ids, naming the bad item.
func parseIntegerList(_ text: String, option: String) throws -> [Int] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    return try items.enumerated().map { index, item in
        guard let v = Int(item) else {
            throw ValidationError("\(option): item \(index + 1) (\"\(item)\") is not an integer; expected a comma-separated list such as 5,17,42.")
        }
        return v
    }
}
