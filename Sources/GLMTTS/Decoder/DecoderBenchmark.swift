import CKernels
import Foundation

/// Measurements behind `glmtts bench decoder` and `glmtts bench kv-cache`, kept in the library so
/// the command line and the benchmark package report the same thing.
public enum DecoderBenchmark {
    /// Bytes per second that OpenBLAS's SGEMV reads from a `megabytes`-sized f32 matrix: the
    /// machine's effective bandwidth for a decode step (best of `repeats`).
    public static func gemvBandwidth(megabytes: Int = 256, repeats: Int = 5) -> Double {
        let columns = 4096
        let rows = max(1, megabytes * 1_000_000 / (columns * 4))
        let a = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
        defer { a.deallocate() }
        for i in 0..<(rows * columns) { a[i] = Float(i % 7) * 0.01 }
        var x = [Float](repeating: 0.5, count: columns), y = [Float](repeating: 0, count: rows)
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            _ = gt_gemv_f32(0, Int32(rows), Int32(columns), 1, a, Int32(columns), &x, 0, &y)
            best = min(best, seconds(since: start))
        }
        return Double(rows * columns * 4) / best
    }

    public struct DecodeResult: Sendable, Codable {
        public var precision: String
        public var parameters: Int
        public var bytesPerToken: Int
        public var tokens: Int
        public var tokensPerSecond: Double
        public var gemvBandwidthBytesPerSecond: Double
        public var rooflineTokensPerSecond: Double
        public var fractionOfRoofline: Double

        enum CodingKeys: String, CodingKey {
            case precision, parameters, tokens
            case bytesPerToken = "bytes_per_token"
            case tokensPerSecond = "tokens_per_second"
            case gemvBandwidthBytesPerSecond = "gemv_bandwidth_bytes_per_second"
            case rooflineTokensPerSecond = "roofline_tokens_per_second"
            case fractionOfRoofline = "fraction_of_roofline"
        }
    }

    /// Decode speed with the KV cache on: a short prompt, then `tokens` one-token steps, timed.
    public static func decode(model: LlamaModel, tokens: Int, promptLength: Int = 8, bandwidth: Double) throws -> DecodeResult {
        let session = DecoderSession(model: model, capacity: promptLength + tokens + 1)
        let vocab = model.configuration.vocabSize
        _ = try session.forward(tokens: (0..<promptLength).map { ($0 * 7919) % vocab })
        var token = 1
        let start = ContinuousClock.now
        for _ in 0..<tokens {
            let logits = try session.forward(tokens: [token])
            token = TokenSampler.argmax(logits)
        }
        let elapsed = seconds(since: start)
        let tps = Double(tokens) / elapsed
        let roofline = bandwidth / Double(model.bytesPerToken)
        return DecodeResult(precision: model.usesBF16 ? "bf16" : "f32", parameters: model.configuration.parameterCount,
                            bytesPerToken: model.bytesPerToken, tokens: tokens, tokensPerSecond: tps,
                            gemvBandwidthBytesPerSecond: bandwidth, rooflineTokensPerSecond: roofline,
                            fractionOfRoofline: tps / roofline)
    }

    public struct CacheResult: Sendable, Codable {
        public var length: Int
        public var cachedSeconds: Double
        public var uncachedSeconds: Double
        public var speedup: Double
        enum CodingKeys: String, CodingKey {
            case length, speedup
            case cachedSeconds = "cached_seconds"
            case uncachedSeconds = "uncached_seconds"
        }
    }

    /// Generating `length` tokens greedily with the KV cache on and off, side by side; each the best
    /// of `repeats` runs (the machine is shared and noisy).
    public static func cacheSpeedup(model: LlamaModel, length: Int, repeats: Int = 3) throws -> CacheResult {
        let input = DecoderInput(tokens: [1, 2, 3, 4])
        let limits = GenerationLimits(maxTokens: length)
        var times: [Double] = []
        var outputs: [[Int]] = []
        for useCache in [true, false] {
            let session = DecoderSession(model: model, capacity: length + 8, useCache: useCache)
            var best = Double.infinity
            for _ in 0..<max(1, repeats) {
                let start = ContinuousClock.now
                let tokens = try session.generate(input, limits: limits, sampling: .greedy, seed: 0).tokens
                best = min(best, seconds(since: start))
                if outputs.count == (useCache ? 0 : 1) { outputs.append(tokens) }
            }
            times.append(best)
        }
        precondition(outputs[0] == outputs[1], "cached and uncached generations differ")
        return CacheResult(length: length, cachedSeconds: times[0], uncachedSeconds: times[1], speedup: times[1] / times[0])
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double { (ContinuousClock.now - start).inSeconds }
}
