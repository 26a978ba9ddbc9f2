import Foundation
import Testing
@testable import GLMTTS

/// Model configurations that trapped (an arithmetic overflow or an inverted range) instead of being
/// rejected with an error; found while fuzzing the config reader (Fuzz/, Docs/Reliability.md). The
/// inputs are also in Fuzz/corpus/model-config/regress-*.json.
@Suite struct HostileConfigurationTests {
    static let fixture = Bundle.module.url(forResource: "model", withExtension: nil, subdirectory: "Fixtures")!
        .appendingPathComponent("config.json")

    /// The fixture's config.json with `edit` applied, decoded.
    func configuration(_ edit: (inout [String: Any]) -> Void) throws -> ModelConfiguration {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture)) as! [String: Any]
        edit(&json)
        return try JSONDecoder().decode(ModelConfiguration.self, from: JSONSerialization.data(withJSONObject: json))
    }

    func expectRejected(_ config: ModelConfiguration, mentioning needle: String) {
        do {
            try config.validate(file: "config.json")
            for stage in config.upsamplers.values { try stage.architecture.validate(file: "config.json") }
            Issue.record("accepted a configuration that should fail on \(needle)")
        } catch let error as TTSError {
            #expect("\(error)".contains(needle), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func negativeSpeechCodesAreAnError() throws {
        // Was: "Range requires lowerBound <= upperBound" in the begin/end-audio collision check.
        let config = try configuration { json in
            var decoder = json["decoder"] as! [String: Any]
            decoder["speech_codes"] = -5
            json["decoder"] = decoder
            var acoustic = json["acoustic"] as! [String: Any]
            acoustic["codes"] = -5
            json["acoustic"] = acoustic
        }
        expectRejected(config, mentioning: "speech_codes -5")
    }

    @Test func aHugeSpeechOffsetIsAnError() throws {
        // Was: an overflow trap in speech_offset + speech_codes.
        let config = try configuration { json in
            var decoder = json["decoder"] as! [String: Any]
            decoder["speech_offset"] = Int.max
            json["decoder"] = decoder
        }
        expectRejected(config, mentioning: "speech_offset")
    }

    @Test(arguments: [
        // Twelve stages of ×64 (2⁷²) and a huge iSTFT hop: both overflowed samplesPerFrame.
        (Array(repeating: 64, count: 12), 4096, Optional<Int>.none),
        ([8, 5, 3], 8, Optional(Int.max - 1)),
    ])
    func anOverflowingUpsamplingFactorIsAnError(rates: [Int], channels: Int, hop: Int?) throws {
        let config = try configuration { json in
            var ups = json["upsamplers"] as! [String: Any]
            var u = ups["24000"] as! [String: Any]
            u["upsample_rates"] = rates
            u["upsample_kernel_sizes"] = rates.map { $0 + 2 }
            u["channels"] = channels
            if let hop { u["istft"] = ["n_fft": hop, "hop": hop] } else { u["istft"] = nil }
            ups["24000"] = u
            json["upsamplers"] = ups
        }
        expectRejected(config, mentioning: "upsampling factor")
    }

    @Test func theLoaderReportsItWithTheFileName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture)) as! [String: Any]
        var decoder = json["decoder"] as! [String: Any]
        decoder["speech_offset"] = Int.max
        json["decoder"] = decoder
        try JSONSerialization.data(withJSONObject: json).write(to: dir.appendingPathComponent("config.json"))
        #expect {
            _ = try Synthesizer(model: .directory(dir.path))
        } throws: { error in
            guard case let .invalidModel(file, _, reason)? = error as? TTSError else { return false }
            return file.hasSuffix("config.json") && reason.contains("speech_offset")
        }
    }
}
