import ArgumentParser
import Foundation
import GLMTTS
#if canImport(Glibc)
import Glibc
#endif

struct SynthBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Real-time factor of the whole pipeline and of each stage, time to first chunk, peak memory.",
        discussion: "Real-time factor = seconds of computing per second of audio (below 1 is faster than real time).")

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Sample rates to measure, comma-separated.")
    var sampleRate: String = "24000,32000"

    @Option(help: "Requests per rate (the best is reported).")
    var repeats: Int = 3

    @Flag(help: "Print JSON.")
    var json = false

    static let text = "The quick brown fox jumps over the lazy dog. A speech library should be fast on an ordinary computer, and never lose its users' work."

    struct Result: Encodable {
        let sampleRate: Int
        let audioSeconds: Double
        let realTimeFactor: Double
        let stages: [String: Double]
        let upsamplerRealTimeFactor: Double
        let firstChunkSeconds: Double
        enum CodingKeys: String, CodingKey {
            case sampleRate = "sample_rate", audioSeconds = "audio_seconds", realTimeFactor = "real_time_factor", stages
            case upsamplerRealTimeFactor = "upsampler_real_time_factor", firstChunkSeconds = "first_chunk_seconds"
        }
    }

    struct Report: Encodable {
        let model: String
        let threads: Int
        let results: [Result]
        let upsampler32kOver24k: Double?
        let peakResidentBytes: Int
        enum CodingKeys: String, CodingKey {
            case model, threads, results
            case upsampler32kOver24k = "upsampler_32k_over_24k"
            case peakResidentBytes = "peak_resident_bytes"
        }
    }

    func run() throws {
        let synthesizer = try loadSynthesizer(modelOptions)
        let rates = try parseIntegerList(sampleRate, option: "--sample-rate")
        var results: [Result] = []
        for hz in rates {
            let rate = try SampleRate(hertz: hz)
            var best: Result?
            for _ in 0..<max(1, repeats) {
                let options = SessionOptions(sampleRate: rate, seed: 1)
                let session = try synthesizer.makeSession(options)
                let start = ContinuousClock.now
                var first: Double?
                let out = try session.synthesize(Self.text) { chunk in
                    if first == nil && !chunk.isEmpty { first = seconds(since: start) }
                }
                let wall = seconds(since: start)
                let audio = Double(out.speechTokens.reduce(0) { $0 + $1.count }) * 2 / 50
                let t = out.timings
                let result = Result(sampleRate: hz, audioSeconds: audio, realTimeFactor: wall / audio,
                                    stages: ["text": t.text / audio, "decoder": t.decoder / audio, "acoustic": t.acoustic / audio,
                                             "upsampler": t.upsampler / audio],
                                    upsamplerRealTimeFactor: t.upsampler / audio, firstChunkSeconds: first ?? wall)
                if best == nil || result.realTimeFactor < best!.realTimeFactor { best = result }
            }
            results.append(best!)
        }
        let u24 = results.first { $0.sampleRate == 24000 }?.upsamplerRealTimeFactor
        let u32 = results.first { $0.sampleRate == 32000 }?.upsamplerRealTimeFactor
        let ratio = (u24 != nil && u32 != nil) ? u32! / u24! : nil
        let report = Report(model: synthesizer.identifier, threads: Kernels.threadCount, results: results,
                            upsampler32kOver24k: ratio, peakResidentBytes: peakResidentBytes())
        if json {
            try printJSON(report)
            return
        }
        print("model \(report.model), \(report.threads) threads")
        for r in results {
            print(String(format: "%d Hz: RTF %.3f (text %.4f, decoder %.3f, acoustic %.3f, upsampler %.3f), first chunk %.0f ms, %.1f s of audio",
                         r.sampleRate, r.realTimeFactor, r.stages["text"]!, r.stages["decoder"]!, r.stages["acoustic"]!, r.stages["upsampler"]!,
                         1000 * r.firstChunkSeconds, r.audioSeconds))
        }
        if let ratio { print(String(format: "upsampler 32 kHz / 24 kHz: %.2f×", ratio)) }
        print(String(format: "peak resident memory: %.0f MB", Double(report.peakResidentBytes) / 1e6))
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Peak resident set size of this process (getrusage; kilobytes on Linux).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
}
