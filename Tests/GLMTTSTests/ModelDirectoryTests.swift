import Foundation
import Testing
@testable import GLMTTS

/// A complete tiny model directory (Tools/fixtures/make_model_fixture.py) end to end against
/// PyTorch: text → flite phones → the GLM-TTS token layout with a speaker prefix → greedy decoding
/// restricted to speech tokens → acoustic stage → upsampler. Samples within 1e-4.
@Suite struct ModelDirectoryTests {
    static let directory = Bundle.module.url(forResource: "model", withExtension: nil, subdirectory: "Fixtures")!

    func expected() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: Self.directory.appendingPathComponent("expected.json"))) as! [String: Any]
    }

    @Test func endToEndMatchesPyTorch() throws {
        let e = try expected()
        let synthesizer = try Synthesizer(model: .directory(Self.directory.path))
        #expect(!synthesizer.isTestModel)
        #expect(synthesizer.identifier.hasPrefix("fnv1a64:"))
        #expect(synthesizer.sampleRates == [24000])
        let symbols = try synthesizer.frontend.symbols(for: try TextNormalizer().normalize(e["text"] as! String))
        #expect(symbols == e["symbols"] as! [String])
        let out = try synthesizer.makeSession(SessionOptions(sampling: .greedy)).synthesize(e["text"] as! String)
        #expect(out.speechTokens == [e["codes"] as! [Int]])
        #expect(out.warnings.isEmpty == (e["stopped"] as! Bool))
        let audio = (e["audio"] as! [NSNumber]).map(\.floatValue)
        let stride = e["stride"] as! Int
        #expect(out.waveform.samples.count == e["samples"] as! Int)
        let sampled = Swift.stride(from: 0, to: out.waveform.samples.count, by: stride).map { out.waveform.samples[$0] }
        #expect(maxAbsDiff(sampled, audio) < 1e-4)
    }

    @Test func aRateTheModelLacksIsAnError() throws {
        let synthesizer = try Synthesizer(model: .directory(Self.directory.path))
        #expect(throws: TTSError.self) { try synthesizer.makeSession(SessionOptions(sampleRate: .hz32000)) }
    }

    func damaged(_ edit: (inout [String: Any]) -> Void) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.directory, to: dir)
        let url = dir.appendingPathComponent("config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        return dir.path
    }

    @Test func brokenConfigurationsNameTheProblem() throws {
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("format", { $0["format"] = "something-else" }),
            ("speech_codes", { var d = $0["decoder"] as! [String: Any]; d["speech_codes"] = 17; $0["decoder"] = d }),
            ("leaves the model directory", { var a = $0["acoustic"] as! [String: Any]; a["weights"] = "../../etc/passwd"; $0["acoustic"] = a }),
            ("symbols", { $0.removeValue(forKey: "symbols") }),
            ("end_audio", { var d = $0["decoder"] as! [String: Any]; d["end_audio"] = 20; $0["decoder"] = d }),
        ]
        for (needle, edit) in cases {
            let dir = try damaged(edit)
            do {
                _ = try Synthesizer(model: .directory(dir))
                Issue.record("no error for \(needle)")
            } catch {
                #expect("\(error)".contains(needle), "\(error)")
                #expect("\(error)".contains("config.json"), "\(error)")
            }
        }
        #expect(throws: TTSError.self) { try Synthesizer(model: .directory("/nonexistent-model")) }
    }

    @Test func missingWeightsFileIsNamed() throws {
        let dir = try damaged { _ in }
        try FileManager.default.removeItem(atPath: dir + "/acoustic.safetensors")
        do {
            _ = try Synthesizer(model: .directory(dir))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("acoustic.safetensors"))
        }
    }
}
