import ArgumentParser
import Foundation
import GLMTTS

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed on this machine.",
        subcommands: [DecoderBench.self, KVCacheBench.self, SynthBench.self, SoakBench.self])
}

struct DecoderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decoder",
        abstract: "Decode tokens per second against the memory-bandwidth roofline.",
        discussion: """
            Builds a decoder with random weights in memory (never written to disk), measures OpenBLAS
            GEMV bandwidth in the same run, then times one-token decode steps with the KV cache on.
            roofline_tokens_per_second = bandwidth / bytes of weights read per token.
            """)

    @Option(help: "Decoder shape: glm-tts (28 layers, hidden 2048, 1.55 B parameters) or small (4 layers of 256).")
    var preset: String = "glm-tts"

    @Option(help: "Decode steps to time.")
    var tokens: Int = 16

    @Option(help: "Weight precision: f32, bf16 or both.")
    var precision: String = "both"

    @Option(help: "OpenBLAS threads.")
    var threads: Int?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard ["glm-tts", "small"].contains(preset) else { throw ValidationError("--preset must be glm-tts or small, got \(preset).") }
        guard ["f32", "bf16", "both"].contains(precision) else { throw ValidationError("--precision must be f32, bf16 or both.") }
        guard tokens >= 1 else { throw ValidationError("--tokens must be at least 1.") }
    }

    struct Report: Encodable { let preset: String; let threads: Int; let results: [DecoderBenchmark.DecodeResult] }

    func run() throws {
        if let threads { try Kernels.setThreadCount(threads) }
        let config = preset == "glm-tts" ? LlamaConfiguration.glmTTS : DecoderPresets.small
        let bandwidth = DecoderBenchmark.gemvBandwidth()
        var results: [DecoderBenchmark.DecodeResult] = []
        for bf16 in precision == "both" ? [false, true] : [precision == "bf16"] {
            let model = try LlamaModel.random(configuration: config, bf16: bf16)
            results.append(try DecoderBenchmark.decode(model: model, tokens: tokens, bandwidth: bandwidth))
        }
        if json {
            try printJSON(Report(preset: preset, threads: Kernels.threadCount, results: results))
        } else {
            print("GEMV bandwidth: \(String(format: "%.1f", bandwidth / 1e9)) GB/s (\(Kernels.threadCount) threads)")
            for r in results {
                print(String(format: "%@: %.2f tokens/s, roofline %.2f tokens/s (%.0f %%), %.2f GB read per token",
                             r.precision, r.tokensPerSecond, r.rooflineTokensPerSecond, 100 * r.fractionOfRoofline,
                             Double(r.bytesPerToken) / 1e9))
            }
        }
    }
}

struct KVCacheBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv-cache",
        abstract: "Generation time with the KV cache on and off, by generated length.")

    @Option(help: "Comma-separated generated lengths.")
    var lengths: String = "64,128,256,512"

    @Option(help: "Runs per measurement; the best is reported.")
    var repeats: Int = 3

    @Option(help: "OpenBLAS threads.")
    var threads: Int?

    @Option(help: "A Hugging Face Llama checkpoint directory to time (e.g. the bundled model's decoder/) instead of a random 4-layer, 256-wide one.")
    var decoder: String?

    @Flag(help: "Print JSON.")
    var json = false

    struct Report: Encodable { let model: String; let results: [DecoderBenchmark.CacheResult] }

    func run() throws {
        if let threads { try Kernels.setThreadCount(threads) }
        let lengths = try parseIntegerList(self.lengths, option: "--lengths")
        guard lengths.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else { throw ValidationError("--lengths must be between 1 and 4096.") }
        let model = try decoder.map { try LlamaModel(directory: $0) } ?? LlamaModel.random(configuration: DecoderPresets.small)
        let name = decoder ?? "small: 4 layers, hidden 256, random weights"
        let results = try lengths.map { try DecoderBenchmark.cacheSpeedup(model: model, length: $0, repeats: repeats) }
        if json {
            try printJSON(Report(model: name, results: results))
        } else {
            for r in results {
                print(String(format: "%5d tokens: cached %.3f s, uncached %.3f s, speedup %.1f×", r.length, r.cachedSeconds, r.uncachedSeconds, r.speedup))
            }
        }
    }
}
