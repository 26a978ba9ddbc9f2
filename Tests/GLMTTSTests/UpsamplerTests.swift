import Foundation
import Testing
@testable import GLMTTS

/// The Swift upsampler against Tools/model/upsampler.py (PyTorch) on tiny random generators:
/// leaky ReLU, Snake, and the HiFT-style inverse-STFT head. Tolerance 1e-5 absolute on samples.
@Suite struct UpsamplerTests {
    func fixture(_ name: String) throws -> (UpsamplerConfiguration, String, mel: [Float], frames: Int, audio: [Float]) {
        let dir = Bundle.module.url(forResource: "upsampler", withExtension: nil, subdirectory: "Fixtures")!.appendingPathComponent(name)
        let config = try JSONDecoder().decode(UpsamplerConfiguration.self, from: Data(contentsOf: dir.appendingPathComponent("config.json")))
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("expected.json"))) as! [String: Any]
        return (config, dir.appendingPathComponent("weights.safetensors").path,
                (expected["mel"] as! [NSNumber]).map(\.floatValue), (expected["frames"] as! NSNumber).intValue,
                (expected["audio"] as! [NSNumber]).map(\.floatValue))
    }

    @Test(arguments: ["hifigan_lrelu", "hifigan_snake", "hift_istft"])
    func matchesPyTorch(name: String) throws {
        let (config, weights, mel, frames, audio) = try fixture(name)
        let upsampler = try Upsampler(configuration: config, weightsPath: weights)
        let out = try upsampler.render(mel: mel, frames: frames)
        #expect(out.count == frames * config.samplesPerFrame)
        #expect(maxAbsDiff(out, audio) < 1e-5, "\(name)")
    }

    @Test func productionConfigurationsGive480And640SamplesPerFrame() throws {
        let c24 = UpsamplerConfiguration(sampleRate: 24000, channels: 128, upsampleRates: [8, 5, 3], upsampleKernelSizes: [16, 11, 7],
                                         istft: .init(nFFT: 16, hop: 4))
        let c32 = UpsamplerConfiguration(sampleRate: 32000, channels: 128, upsampleRates: [8, 5, 4], upsampleKernelSizes: [16, 11, 8],
                                         istft: .init(nFFT: 16, hop: 4))
        try c24.validate(file: "24k")
        try c32.validate(file: "32k")
        #expect(c24.samplesPerFrame == 480 && c32.samplesPerFrame == 640)
    }

    @Test func badConfigurationsAndInputsAreTypedErrors() throws {
        let (config, weights, _, _, _) = try fixture("hifigan_lrelu")
        var odd = config
        odd.upsampleKernelSizes = [7, 7]
        #expect(throws: TTSError.self) { try Upsampler(configuration: odd, weightsPath: weights) }
        var wrongRate = config
        wrongRate.sampleRate = 24000
        #expect(throws: TTSError.self) { try Upsampler(configuration: wrongRate, weightsPath: weights) }
        var wider = config
        wider.channels = 16
        wider.sampleRate = config.sampleRate
        do {
            _ = try Upsampler(configuration: wider, weightsPath: weights)
            Issue.record("expected a shape error")
        } catch let TTSError.invalidModel(file, tensor, reason) {
            #expect(file.hasSuffix("weights.safetensors") && tensor != nil && reason.contains("expected"))
        }
        let upsampler = try Upsampler(configuration: config, weightsPath: weights)
        #expect(throws: TTSError.self) { try upsampler.render(mel: [1, 2, 3], frames: 1) }
        #expect(throws: TTSError.self) { try upsampler.render(mel: [Float](repeating: .nan, count: 80), frames: 1) }
    }
}
