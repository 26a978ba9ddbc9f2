import Foundation

/// One line of a batch file, in either format a user brings:
/// GLM-TTS's own `{"uttid", "prompt_text", "prompt_speech", "syn_text"}` → `{uttid}.wav`, or the tuning
/// guide's `{"prompt_text", "prompt_audio", "input_text", "output_name"}` → `{output_name}.wav`.
/// Optional per-line `seed` and `sample_rate` override the batch's.
public struct BatchJob: Sendable, Equatable {
    public var line: Int
    public var outputName: String
    public var text: String
    public var promptText: String?
    /// The reference clip, resolved to a path that exists, or nil for the default speaker.
    public var promptAudio: String?
    public var seed: UInt64?
    public var sampleRate: SampleRate?
}

/// Why a line cannot run; the batch goes on without it.
public struct BatchLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

public enum BatchJobParser {
    /// Parses line `number` (1-based) of a batch file in `baseDirectory` (relative clip paths resolve
    /// against it first, then against the current directory).
    public static func parse(_ text: String, line number: Int, baseDirectory: String) throws -> BatchJob {
        func fail(_ reason: String) -> BatchLineError { BatchLineError(line: number, reason: reason) }
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw fail("not valid JSON")
        }
        guard let fields = object as? [String: Any] else { throw fail("not a JSON object") }
        func string(_ key: String) throws -> String? {
            guard let value = fields[key], !(value is NSNull) else { return nil }
            if let s = value as? String { return s }
            if let n = value as? NSNumber, key == "uttid" || key == "output_name" { return n.stringValue }
            throw fail("field \(key) must be a string")
        }
        let glm = fields["syn_text"] != nil || fields["uttid"] != nil || fields["prompt_speech"] != nil
        let textKey = glm ? "syn_text" : "input_text"
        let nameKey = glm ? "uttid" : "output_name"
        let audioKey = glm ? "prompt_speech" : "prompt_audio"
        guard let text = try string(textKey) else { throw fail("missing field \(textKey)") }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw fail("\(textKey) is empty") }
        guard let name = try string(nameKey), !name.isEmpty else { throw fail("missing field \(nameKey)") }
        guard !name.contains("/"), !name.contains("\\"), name != ".", name != "..", !name.hasPrefix("."), name.count <= 200,
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw fail("\(nameKey) \"\(name)\" is not a plain file name")
        }
        var audio: String?
        if let raw = try string(audioKey), !raw.isEmpty {
            audio = try resolve(raw, baseDirectory: baseDirectory, key: audioKey, fail: fail)
        }
        var seed: UInt64?
        if let value = fields["seed"] {
            guard let n = value as? NSNumber, let s = UInt64(exactly: n.doubleValue) else { throw fail("seed must be a non-negative integer") }
            seed = s
        }
        var rate: SampleRate?
        if let value = fields["sample_rate"] {
            guard let n = value as? NSNumber, let hz = Int(exactly: n.doubleValue) else { throw fail("sample_rate must be an integer") }
            do { rate = try SampleRate(hertz: hz) } catch { throw fail("\(error)") }
        }
        return BatchJob(line: number, outputName: name, text: text, promptText: try string("prompt_text"),
                        promptAudio: audio, seed: seed, sampleRate: rate)
    }

    static func resolve(_ path: String, baseDirectory: String, key: String, fail: (String) -> BatchLineError) throws -> String {
        let fm = FileManager.default
        if path.hasPrefix("/") {
            guard fm.fileExists(atPath: path) else { throw fail("\(key) \(path) does not exist") }
            return path
        }
        let besideJobs = URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardized.path
        if fm.fileExists(atPath: besideJobs) { return besideJobs }
        let inCurrent = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent(path).standardized.path
        if fm.fileExists(atPath: inCurrent) { return inCurrent }
        throw fail("\(key) \(path) not found (looked in \(baseDirectory) and in the current folder)")
    }
}
