import Foundation
import Testing
@testable import GLMTTS

/// A tiny model directory in the duration layout (Tools/fixtures/make_duration_model_fixture.py)
/// against PyTorch (Tools/model/bundled.py's TextToTokens.generate, the acoustic stage with phones,
/// the upsampler): symbol ids and a speaker → durations, greedy codes, mel, samples.
@Suite struct DurationModelTests {
    static let directory = Bundle.module.url(forResource: "duration_model", withExtension: nil, subdirectory: "Fixtures")!
    static let synthesizer = try! Synthesizer(model: .directory(directory.path))

    struct Case {
        let ids: [Int]
        let speaker: [Float]
        let durations: [Int]
        let codes: [Int]
        let phones: [Int]
        let mel: [Float]
        let samples: Int
        let stride: Int
        let audio: [Float]
    }

    static let cases: [Case] = {
        let e = try! JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("expected.json"))) as! [String: Any]
        return (e["cases"] as! [[String: Any]]).map { c in
            func ints(_ k: String) -> [Int] { (c[k] as! [NSNumber]).map(\.intValue) }
            func floats(_ k: String) -> [Float] { (c[k] as! [NSNumber]).map(\.floatValue) }
            return Case(ids: ints("ids"), speaker: floats("speaker"), durations: ints("durations"), codes: ints("codes"), phones: ints("phones"),
                        mel: floats("mel"), samples: c["samples"] as! Int, stride: c["stride"] as! Int, audio: floats("audio"))
        }
    }()

    @Test func loadsAsADurationModel() throws {
        let s = Self.synthesizer
        #expect(!s.isTestModel)
        #expect(s.configuration.decoder.layout == .duration)
        #expect(s.configuration.decoder.endAudio == nil)
        #expect(s.duration != nil)
        #expect(s.recommendedSampling == .greedy, "decoder.sampling is greedy")
        #expect(SessionOptions().sampling == nil, "by default a session follows the model's recommendation")
        #expect(try Synthesizer(model: .testModel).recommendedSampling == .ras)
    }

    @Test(arguments: [true, false])
    func durationsCodesAndSamplesMatchPyTorch(useKVCache: Bool) throws {
        let session = try Self.synthesizer.makeSession(SessionOptions(useKVCache: useKVCache))
        for c in Self.cases {
            let out = try session.synthesize(symbolIds: [c.ids], speaker: c.speaker)
            #expect(out.durations == [c.durations])
            #expect(out.speechTokens == [c.codes])
            #expect(out.warnings.isEmpty)
            #expect(out.waveform.samples.count == c.samples)
            let sampled = Swift.stride(from: 0, to: out.waveform.samples.count, by: c.stride).map { out.waveform.samples[$0] }
            #expect(sampled.count == c.audio.count)
            if sampled.count == c.audio.count { #expect(maxAbsDiff(sampled, c.audio) < 1e-4) }
        }
    }

    @Test func explicitSamplingOverridesTheRecommendation() throws {
        let c = Self.cases[1]
        let greedy = try Self.synthesizer.makeSession(SessionOptions(sampling: .greedy)).synthesize(symbolIds: [c.ids], speaker: c.speaker)
        #expect(greedy.speechTokens == [c.codes])
        let ras = try Self.synthesizer.makeSession(SessionOptions(seed: 3, sampling: .ras)).synthesize(symbolIds: [c.ids], speaker: c.speaker)
        #expect(ras.durations == [c.durations], "sampling does not change the durations")
        #expect(ras.speechTokens != [c.codes])
        let again = try Self.synthesizer.makeSession(SessionOptions(seed: 3, sampling: .ras)).synthesize(symbolIds: [c.ids], speaker: c.speaker)
        #expect(again.speechTokens == ras.speechTokens)
        // The KV cache does not change sampled codes either.
        let off = try Self.synthesizer.makeSession(SessionOptions(useKVCache: false, seed: 3, sampling: .ras))
            .synthesize(symbolIds: [c.ids], speaker: c.speaker)
        #expect(off.speechTokens == ras.speechTokens)
    }

    @Test func melMatchesPyTorch() throws {
        let acoustic = Self.synthesizer.acoustic
        for c in Self.cases {
            let mel = try acoustic.mel(codes: c.codes, phones: c.phones, speaker: c.speaker)
            #expect(mel.count == c.mel.count)
            if mel.count == c.mel.count { #expect(maxAbsDiff(mel, c.mel) < 1e-4) }
        }
        let c = Self.cases[0]
        #expect(throws: TTSError.self) { try acoustic.mel(codes: c.codes, speaker: c.speaker) }
        #expect(throws: TTSError.self) { try acoustic.mel(codes: c.codes, phones: Array(c.phones.dropLast()), speaker: c.speaker) }
        #expect(throws: TTSError.self) { try acoustic.mel(codes: c.codes, phones: c.phones.map { _ in 99 }, speaker: c.speaker) }
        let glm = try Synthesizer(model: .testModel).acoustic
        #expect(throws: TTSError.self) { try glm.mel(codes: [1, 2], phones: [0, 0], speaker: [Float](repeating: 0, count: 256)) }
    }

    @Test func theStepPlanFollowsBundledPy() {
        let plan = DurationPlan(durations: [0, 2, 0, 1, 3, 0])
        #expect(plan.current == [1, 1, 3, 4, 4, 4])
        #expect(plan.next == [3, 3, 4, nil, nil, nil])
        #expect(plan.left == [2, 1, 1, 3, 2, 1])
        #expect(plan.done == [0, 1, 0, 0, 1, 2])
        // round(exp(y) − 1) with ties to even, at least 1 for a spoken symbol.
        let y: [Float] = [Foundation.log(1.5), Foundation.log(3.5), Foundation.log(1.2), Foundation.log(1.2), -3]
        #expect(DurationPlan.durations(logDurations: y, silent: [true, true, true, false, true]) == [0, 2, 0, 1, 0])
        var d = [2, 3, 4]
        #expect(DurationPlan.truncate(&d, to: 4))
        #expect(d == [2, 2, 0])
        #expect(!DurationPlan.truncate(&d, to: 4))
    }

    @Test func aTokenLimitCutsTheDurationsAndWarns() throws {
        let c = Self.cases[1]
        let out = try Self.synthesizer.makeSession(SessionOptions(maxTokensPerSegment: 5)).synthesize(symbolIds: [c.ids], speaker: c.speaker)
        #expect(out.durations[0].reduce(0, +) == 5)
        #expect(out.speechTokens[0].count == 5)
        #expect(out.speechTokens[0] == Array(c.codes.prefix(5)), "the codes before the cut do not depend on what follows")
        #expect(out.warnings.count == 1)
    }

    @Test func streamingChunksEqualTheOfflineOutput() throws {
        let s = Self.synthesizer
        let ids = Self.cases.map(\.ids)
        for c in Self.cases {
            // Token by token through the renderer, with the least chunk size: every window boundary.
            var renderer = ChunkRenderer(acoustic: s.acoustic, upsampler: try s.upsampler(for: .hz24000), speaker: c.speaker, minimumFrames: 1, maximumFrames: 1)
            var chunks: [[Float]] = []
            for (code, phone) in zip(c.codes, c.phones) { chunks.append(try renderer.append(code, phone: phone)) }
            chunks.append(try renderer.finish())
            if c.codes.count >= 15 { #expect(chunks.filter { !$0.isEmpty }.count > 2, "audio arrives in several chunks") }
            let offline = try s.upsampler(for: .hz24000).render(mel: try s.acoustic.mel(codes: c.codes, phones: c.phones, speaker: c.speaker),
                                                                frames: 2 * c.codes.count)
            #expect(maxAbsDiff(chunks.flatMap { $0 }, offline) < 1e-5)
        }
        // Several segments through a session, streamed and offline.
        let speaker = Self.cases[0].speaker
        let offline = try s.makeSession().synthesize(symbolIds: ids + ids, speaker: speaker)
        var chunks: [[Float]] = []
        let streamed = try s.makeSession().synthesize(symbolIds: ids + ids, speaker: speaker) { chunks.append($0) }
        #expect(streamed.speechTokens == offline.speechTokens)
        #expect(maxAbsDiff(chunks.flatMap { $0 }, offline.waveform.samples) <= 1 / 32768)
    }

    @Test func textSpeaksThroughTheFrontend() throws {
        let out = try Self.synthesizer.makeSession().synthesize("Hello world.")
        #expect(out.speechTokens.count == 1)
        #expect(out.durations.count == 1)
        #expect(out.speechTokens[0].count == out.durations[0].reduce(0, +))
        #expect(out.waveform.samples.count == out.speechTokens[0].count * 960)
        // The speaker prefix is cached per voice, as in the glm layout.
        let session = try Self.synthesizer.makeSession()
        _ = try session.synthesize("Hello.")
        _ = try session.synthesize("World.")
        #expect(session.cachedPrefixCount == 1)
    }

    // MARK: validation

    func damaged(_ edit: (inout [String: Any]) -> Void, from source: URL = directory) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duration-model-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: dir)
        let url = dir.appendingPathComponent("config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        return dir
    }

    func expectError(_ dir: URL, mentioning needles: [String]) {
        do {
            _ = try Synthesizer(model: .directory(dir.path))
            Issue.record("no error for \(needles)")
        } catch {
            for needle in needles { #expect("\(error)".contains(needle), "\(error)") }
        }
    }

    @Test func brokenDurationConfigurationsNameTheProblem() throws {
        func decoder(_ key: String, _ value: Any?) -> (inout [String: Any]) -> Void {
            { c in var d = c["decoder"] as! [String: Any]; d[key] = value; c["decoder"] = d }
        }
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("encoder is required", { $0.removeValue(forKey: "encoder") }),
            ("boundary_symbol", { $0.removeValue(forKey: "boundary_symbol") }),
            ("boundary_symbol", { $0["boundary_symbol"] = "<nothing>" }),
            ("silent_symbols", { $0["silent_symbols"] = ["<pad>", "XX"] }),
            ("speech_offset", decoder("speech_offset", 3)),
            ("begin_audio", decoder("begin_audio", 3)),
            ("layout", decoder("layout", "other")),
            ("sampling", decoder("sampling", "beam")),
            ("max_tokens_per_segment", decoder("max_tokens_per_segment", 0)),
            ("phones", { c in var a = c["acoustic"] as! [String: Any]; a["phones"] = 5; c["acoustic"] = a }),
            ("leaves the model directory", { c in var e = c["encoder"] as! [String: Any]; e["weights"] = "../x.safetensors"; c["encoder"] = e }),
        ]
        for (needle, edit) in cases { expectError(try damaged(edit), mentioning: [needle, "config.json"]) }
    }

    @Test func wrongTensorShapesNameTheFileAndTensor() throws {
        // step_proj must be [hidden, 2·encoding + 3] = [32, 19].
        let dir = try damaged { _ in }
        try writeSafetensors(["speaker_proj.weight": [32, 8], "speaker_proj.bias": [32], "default_speaker": [8],
                              "step_proj.weight": [32, 18], "step_proj.bias": [32]],
                             to: dir.appendingPathComponent("conditioning.safetensors"))
        expectError(dir, mentioning: ["conditioning.safetensors", "step_proj.weight"])
        // The encoder's tensors are checked against its configuration.
        let enc = try damaged { c in var e = c["encoder"] as! [String: Any]; e["channels"] = 12; c["encoder"] = e }
        expectError(enc, mentioning: ["encoder.safetensors"])
        let missing = try damaged { _ in }
        try FileManager.default.removeItem(at: missing.appendingPathComponent("encoder.safetensors"))
        expectError(missing, mentioning: ["encoder.safetensors"])
    }

    @Test func theGlmLayoutStillNeedsItsFields() throws {
        for key in ["end_audio", "min_tokens_per_symbol", "max_tokens_per_symbol"] {
            let dir = try damaged({ c in var d = c["decoder"] as! [String: Any]; d[key] = nil; c["decoder"] = d }, from: ModelDirectoryTests.directory)
            expectError(dir, mentioning: [key, "glm", "config.json"])
        }
        let withEncoder = try damaged({ c in
            c["encoder"] = ["type": "conv", "channels": 4, "encoding": 2, "kernel": 3, "dilations": [1], "weights": "e.safetensors"]
        }, from: ModelDirectoryTests.directory)
        expectError(withEncoder, mentioning: ["encoder", "duration"])
    }
}

/// A safetensors file of zeros with the given shapes (F32).
func writeSafetensors(_ shapes: [String: [Int]], to url: URL) throws {
    var header: [String: Any] = [:]
    var offset = 0
    for (name, shape) in shapes.sorted(by: { $0.key < $1.key }) {
        let bytes = shape.reduce(1, *) * 4
        header[name] = ["dtype": "F32", "shape": shape, "data_offsets": [offset, offset + bytes]]
        offset += bytes
    }
    var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    while json.count % 8 != 0 { json.append(0x20) }
    var data = Data()
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(json)
    data.append(Data(count: offset))
    try data.write(to: url)
}
