import ArgumentParser
import Foundation
import GLMTTS
#if canImport(Glibc)
import Glibc
#endif

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Speak every line of a JSONL job file into its own WAV file.",
        discussion: """
            Each line is GLM-TTS's {"uttid", "prompt_text", "prompt_speech", "syn_text"} (→ uttid.wav) or
            the tuning guide's {"prompt_text", "prompt_audio", "input_text", "output_name"} (→ output_name.wav);
            "seed" and "sample_rate" on a line override the options. Relative clip paths resolve against
            the job file's folder, then the current folder. Bad lines are reported with their number and
            skipped; the exit status is non-zero if any line failed. Every output is written atomically
            and recorded in OUT-DIR/manifest.jsonl; --resume skips what the manifest says is done.
            """)

    @Argument(help: "The JSONL job file.")
    var jobs: String

    @Option(help: "Folder for the WAV files and manifest.jsonl.")
    var outDir: String

    @Flag(help: "Continue a batch in --out-dir, skipping finished lines.")
    var resume = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var synthesisOptions: SynthesisOptions

    func run() throws {
        let session = try synthesisOptions.sessionOptions()
        let synthesizer = try loadSynthesizer(modelOptions)
        let runner = BatchRunner(synthesizer: synthesizer, options: BatchOptions(
            outputDirectory: outDir, sampleRate: session.sampleRate, seed: session.seed, useKVCache: session.useKVCache, resume: resume))
        let terminal = isatty(STDERR_FILENO) == 1
        let start = ContinuousClock.now
        let summary = try runner.run(jobsFile: jobs) { p in
            let elapsed = seconds(since: start)
            let rate = Double(p.done) / max(elapsed, 1e-9)
            let left = Double(p.total - p.done) / max(rate, 1e-9)
            if p.failed { FileHandle.standardError.write(Data("\(terminal ? "\r\u{1B}[K" : "")line \(p.line): \(p.message)\n".utf8)) }
            if terminal {
                let width = 30, filled = p.total > 0 ? width * p.done / p.total : width
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                FileHandle.standardError.write(Data(String(format: "\r[%@] %d/%d  %.2f lines/s  %.0f s left", bar, p.done, p.total, rate, left).utf8))
            } else if !p.failed {
                FileHandle.standardError.write(Data("[\(p.done)/\(p.total)] line \(p.line): \(p.message)\n".utf8))
            }
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        print("\(summary.succeeded) succeeded, \(summary.failed) failed, \(summary.skipped) skipped (already done)")
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
