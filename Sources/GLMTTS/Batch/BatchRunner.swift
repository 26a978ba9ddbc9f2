import Foundation

/// Settings of a batch run.
public struct BatchOptions: Sendable {
    public var outputDirectory: String
    public var sampleRate: SampleRate
    public var seed: UInt64
    public var useKVCache: Bool
    /// Continue a batch in `outputDirectory`: lines with an output and a manifest entry are skipped.
    public var resume: Bool

    public init(outputDirectory: String, sampleRate: SampleRate = .hz24000, seed: UInt64 = 0, useKVCache: Bool = true, resume: Bool = false) {
        self.outputDirectory = outputDirectory
        self.sampleRate = sampleRate
        self.seed = seed
        self.useKVCache = useKVCache
        self.resume = resume
    }
}

/// One finished output, as recorded in `manifest.jsonl`: enough to trace and reproduce it.
public struct ManifestEntry: Codable, Sendable, Equatable {
    public var line: Int
    public var output: String
    public var text: String
    public var normalizedText: String
    public var promptText: String?
    public var promptAudio: String?
    public var seed: UInt64
    public var sampleRate: Int
    public var kvCache: Bool
    public var model: String
    public var duration: Double
    public var timings: StageTimings
    public var warnings: [String]
    public var finishedAt: String

    enum CodingKeys: String, CodingKey {
        case line, output, text, seed, model, duration, timings, warnings
        case normalizedText = "normalized_text", promptText = "prompt_text", promptAudio = "prompt_audio"
        case sampleRate = "sample_rate", kvCache = "kv_cache", finishedAt = "finished_at"
    }
}

public struct BatchProgress: Sendable {
    public var done: Int
    public var total: Int
    public var line: Int
    public var message: String
    public var failed: Bool
}

public struct BatchSummary: Sendable {
    public var succeeded = 0
    public var skipped = 0
    public var failures: [BatchLineError] = []
    public var failed: Int { failures.count }
}

/// Runs a JSONL batch: each line synthesized and written atomically, then recorded in the manifest,
/// so an interrupted batch loses at most the line in progress and `resume` continues it. A bad line
/// is reported with its number and skipped; lines sharing a clip share one speaker extraction and
/// one decoder-prefix computation.
public final class BatchRunner {
    public let synthesizer: Synthesizer
    public let options: BatchOptions
    public static let manifestName = "manifest.jsonl"

    public init(synthesizer: Synthesizer, options: BatchOptions) {
        self.synthesizer = synthesizer
        self.options = options
    }

    public func run(jobsFile: String, progress: (BatchProgress) -> Void = { _ in }) throws -> BatchSummary {
        let fm = FileManager.default
        guard let data = fm.contents(atPath: jobsFile) else {
            throw TTSError.invalidArgument(name: "batch file", reason: "cannot read \(jobsFile)")
        }
        let outDir = options.outputDirectory
        try fm.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        let manifestPath = (outDir as NSString).appendingPathComponent(Self.manifestName)
        let finished = try finishedOutputs(manifestPath: manifestPath)
        if !options.resume && !finished.isEmpty {
            throw TTSError.invalidArgument(name: "output folder",
                reason: "\(outDir) already holds a batch (\(manifestPath)); use --resume to continue it, or choose another folder")
        }

        let base = (URL(fileURLWithPath: jobsFile).deletingLastPathComponent().path)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var jobs: [BatchJob] = []
        var summary = BatchSummary()
        var names: [String: Int] = [:]
        for (i, raw) in lines.enumerated() {
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            do {
                let job = try BatchJobParser.parse(text, line: i + 1, baseDirectory: base)
                if let first = names[job.outputName] {
                    throw BatchLineError(line: i + 1, reason: "output name \(job.outputName) is already used by line \(first)")
                }
                names[job.outputName] = i + 1
                jobs.append(job)
            } catch let error as BatchLineError {
                summary.failures.append(error)
            }
        }
        let total = jobs.count + summary.failures.count
        var done = 0
        for failure in summary.failures {
            done += 1
            progress(BatchProgress(done: done, total: total, line: failure.line, message: failure.reason, failed: true))
        }

        let manifest = try ManifestWriter(path: manifestPath)
        var voices: [String: Result<Voice, BatchLineError>] = [:]
        var sessions: [SampleRate: Session] = [:]
        let timestamps = ISO8601DateFormatter()
        for job in jobs {
            done += 1
            let output = (outDir as NSString).appendingPathComponent(job.outputName + ".wav")
            if finished.contains(job.outputName) && fm.fileExists(atPath: output) {
                summary.skipped += 1
                progress(BatchProgress(done: done, total: total, line: job.line, message: "already done", failed: false))
                continue
            }
            do {
                let voice = try self.voice(for: job, cache: &voices)
                let rate = job.sampleRate ?? options.sampleRate
                let session = try sessions[rate] ?? synthesizer.makeSession(SessionOptions(sampleRate: rate, useKVCache: options.useKVCache))
                sessions[rate] = session
                let seed = job.seed ?? options.seed
                session.setSeed(seed)
                let result = try session.synthesize(job.text, voice: voice)
                try result.waveform.write(to: URL(fileURLWithPath: output))
                let entry = ManifestEntry(line: job.line, output: job.outputName + ".wav", text: job.text, normalizedText: result.normalizedText,
                                          promptText: job.promptText, promptAudio: job.promptAudio, seed: seed, sampleRate: rate.rawValue,
                                          kvCache: options.useKVCache, model: synthesizer.identifier, duration: result.waveform.duration,
                                          timings: result.timings, warnings: result.warnings,
                                          finishedAt: timestamps.string(from: Date()))
                try manifest.append(entry)
                summary.succeeded += 1
                progress(BatchProgress(done: done, total: total, line: job.line,
                                       message: String(format: "wrote %@ (%.2f s)", job.outputName + ".wav", result.waveform.duration), failed: false))
            } catch {
                let failure = (error as? BatchLineError) ?? BatchLineError(line: job.line, reason: "\(error)")
                summary.failures.append(failure)
                progress(BatchProgress(done: done, total: total, line: job.line, message: failure.reason, failed: true))
            }
        }
        summary.failures.sort { $0.line < $1.line }
        return summary
    }

    /// Voices by clip and transcript, extracted once per batch (failures too, so a bad clip is read once).
    private func voice(for job: BatchJob, cache: inout [String: Result<Voice, BatchLineError>]) throws -> Voice? {
        guard let clip = job.promptAudio else { return nil }
        let key = clip + "\u{0}" + (job.promptText ?? "")
        if cache[key] == nil {
            do {
                cache[key] = .success(try Voice(referenceAudio: URL(fileURLWithPath: clip), transcript: job.promptText))
            } catch {
                cache[key] = .failure(BatchLineError(line: job.line, reason: "reference clip: \(error)"))
            }
        }
        switch cache[key]! {
        case let .success(v): return v
        case let .failure(e): throw BatchLineError(line: job.line, reason: e.reason)
        }
    }

    /// Output names recorded in an existing manifest; a torn last line (a crash mid-append) is ignored.
    func finishedOutputs(manifestPath: String) throws -> Set<String> {
        guard let data = FileManager.default.contents(atPath: manifestPath) else { return [] }
        var names = Set<String>()
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if let entry = try? decoder.decode(ManifestEntry.self, from: Data(line)) {
                names.insert((entry.output as NSString).deletingPathExtension)
            }
        }
        return names
    }
}

/// Appends one JSON line per finished output and flushes it to disk before the next line starts.
final class ManifestWriter {
    private let handle: FileHandle
    private let encoder = JSONEncoder()

    init(path: String) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) { fm.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw TTSError.invalidArgument(name: "manifest", reason: "cannot open \(path) for writing")
        }
        self.handle = handle
        encoder.outputFormatting = [.sortedKeys]
        // A torn last line from an interrupted run must not glue onto the next entry.
        let end = try handle.seekToEnd()
        if end > 0 {
            try handle.seek(toOffset: end - 1)
            if handle.readData(ofLength: 1) != Data([UInt8(ascii: "\n")]) { try handle.write(contentsOf: Data([UInt8(ascii: "\n")])) }
            try handle.seekToEnd()
        }
    }

    deinit { try? handle.close() }

    func append(_ entry: ManifestEntry) throws {
        var line = try encoder.encode(entry)
        line.append(UInt8(ascii: "\n"))
        try handle.write(contentsOf: line)
        try handle.synchronize()
    }
}
