import Foundation
import Testing
@testable import GLMTTS

/// The acoustic stage against Tools/model/acoustic.py (PyTorch). Tolerance 1e-4 absolute on log-mel
/// values of order 1 (float32 convolutions summed in another order).
@Suite struct AcousticStageTests {
    func fixture(_ name: String) throws -> (AcousticConfiguration, String, [Int], [Float], [Float]) {
        let dir = Bundle.module.url(forResource: "acoustic", withExtension: nil, subdirectory: "Fixtures")!.appendingPathComponent(name)
        let config = try JSONDecoder().decode(AcousticConfiguration.self, from: Data(contentsOf: dir.appendingPathComponent("config.json")))
        let e = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("expected.json"))) as! [String: Any]
        return (config, dir.appendingPathComponent("weights.safetensors").path, (e["codes"] as! [NSNumber]).map(\.intValue),
                (e["speaker"] as! [NSNumber]).map(\.floatValue), (e["mel"] as! [NSNumber]).map(\.floatValue))
    }

    @Test(arguments: ["plain", "postnet"])
    func matchesPyTorch(name: String) throws {
        let (config, path, codes, speaker, mel) = try fixture(name)
        let stage = try AcousticStage(configuration: config, weightsPath: path)
        let out = try stage.mel(codes: codes, speaker: speaker)
        #expect(out.count == config.melBins * 2 * codes.count)
        #expect(maxAbsDiff(out, mel) < 1e-4)
    }

    @Test func badInputsAreNamed() throws {
        let (config, path, _, speaker, _) = try fixture("plain")
        let stage = try AcousticStage(configuration: config, weightsPath: path)
        #expect(throws: TTSError.self) { try stage.mel(codes: [], speaker: speaker) }
        #expect(throws: TTSError.self) { try stage.mel(codes: [1, 37], speaker: speaker) }
        #expect(throws: TTSError.self) { try stage.mel(codes: [1], speaker: [1, 2]) }
        var wrong = config
        wrong.channels = 13
        #expect(throws: TTSError.self) { try AcousticStage(configuration: wrong, weightsPath: path) }
    }
}
