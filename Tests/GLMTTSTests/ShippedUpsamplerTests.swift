import Foundation
import Testing
@testable import GLMTTS

/// The trained upsamplers shipped in Sources/GLMTTS/Resources/bundled (Tools/train/export_upsampler.py) load through the
/// validating reader and re-synthesize a speech clip: same length, finite, bounded, and carrying the
/// clip's energy envelope (correlation of 20 ms RMS frames above 0.8).
@Suite struct ShippedUpsamplerTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/GLMTTS/Resources/bundled")
    static let clip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SpeakerStyleTests/Fixtures/clips/flite_rms.wav")

    static func shippedRates() -> [Int] {
        [24000, 32000].filter { FileManager.default.fileExists(atPath: models.appendingPathComponent("upsampler-\($0).safetensors").path) }
    }

    @Test func atLeastTheTwentyFourKilohertzUpsamplerShips() {
        #expect(Self.shippedRates().contains(24000))
    }

    @Test(arguments: shippedRates())
    func resynthesisFollowsTheClip(rate: Int) throws {
        let base = Self.models.appendingPathComponent("upsampler-\(rate)")
        let config = try JSONDecoder().decode(UpsamplerConfiguration.self, from: Data(contentsOf: base.appendingPathExtension("json")))
        let upsampler = try Upsampler(configuration: config, weightsPath: base.appendingPathExtension("safetensors").path)
        let audio = try AudioFile.read(Self.clip, sampleRate: rate)
        let mel = try PromptMelExtractor(configuration: rate == 24000 ? .glmTTS24k : .glmTTS32k)(audio)
        var bins = [Float](repeating: 0, count: mel.values.count)
        for f in 0..<mel.frameCount { for b in 0..<mel.binCount { bins[b * mel.frameCount + f] = mel.values[f * mel.binCount + b] } }
        let out = try upsampler.render(mel: bins, frames: mel.frameCount)
        #expect(out.count == mel.frameCount * config.samplesPerFrame)
        #expect(out.allSatisfy { $0.isFinite && abs($0) <= 1 })
        let hop = rate / 50
        func envelope(_ x: [Float]) -> [Double] {
            stride(from: 0, to: min(x.count, out.count) - hop, by: hop).map { s in
                (x[s..<(s + hop)].reduce(0.0) { $0 + Double($1 * $1) } / Double(hop)).squareRoot()
            }
        }
        let a = envelope(audio.samples), b = envelope(out)
        let n = min(a.count, b.count)
        let ma = a.prefix(n).reduce(0, +) / Double(n), mb = b.prefix(n).reduce(0, +) / Double(n)
        var cov = 0.0, va = 0.0, vb = 0.0
        for i in 0..<n { cov += (a[i] - ma) * (b[i] - mb); va += (a[i] - ma) * (a[i] - ma); vb += (b[i] - mb) * (b[i] - mb) }
        let correlation = cov / (va * vb).squareRoot()
        #expect(correlation > 0.8, "envelope correlation \(correlation)")
    }
}
