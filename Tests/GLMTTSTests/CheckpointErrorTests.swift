import Foundation
import Testing
@testable import GLMTTS

/// Broken checkpoints: a config that disagrees with the tensors, missing tensors and fields,
/// unsupported features. Each error names the file and, where there is one, the tensor.
@Suite struct CheckpointErrorTests {
    func editConfig(_ dir: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = dir.appendingPathComponent("config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: url)
    }

    func loadError(_ dir: URL) -> TTSError? {
        do { _ = try LlamaModel(directory: dir.path); return nil } catch let e as TTSError { return e } catch { return nil }
    }

    @Test func configDisagreeingWithShapesNamesTheTensor() throws {
        let dir = try DecoderFixture("gqa_f32").copy()
        try editConfig(dir) { $0["vocab_size"] = 65 }
        guard case let .invalidModel(file, tensor, reason)? = loadError(dir) else { Issue.record("no error"); return }
        #expect(file.hasSuffix("model.safetensors"))
        #expect(tensor == "model.embed_tokens.weight")
        #expect(reason.contains("[64, 16]") && reason.contains("[65, 16]"))
    }

    @Test func missingTensorIsNamed() throws {
        let dir = try DecoderFixture("gqa_f32").copy()
        try editConfig(dir) { $0["num_hidden_layers"] = 3 }
        guard case let .invalidModel(_, tensor, reason)? = loadError(dir) else { Issue.record("no error"); return }
        #expect(tensor == "model.layers.2.input_layernorm.weight")
        #expect(reason == "missing")
    }

    @Test func missingOrMistypedFields() throws {
        let dir = try DecoderFixture("gqa_f32").copy()
        try editConfig(dir) { $0.removeValue(forKey: "hidden_size") }
        #expect("\(loadError(dir)!)".contains("hidden_size"))
        try editConfig(dir) { $0["hidden_size"] = "sixteen" }
        #expect("\(loadError(dir)!)".contains("hidden_size"))
        try "{".write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        #expect("\(loadError(dir)!)".contains("not valid JSON"))
    }

    @Test func headsThatDoNotDivideAndUnsupportedFeatures() throws {
        let dir = try DecoderFixture("gqa_f32").copy()
        try editConfig(dir) { $0["num_key_value_heads"] = 3 }
        #expect("\(loadError(dir)!)".contains("not a multiple"))
        try editConfig(dir) { $0["num_key_value_heads"] = 2; $0["hidden_act"] = "gelu" }
        #expect("\(loadError(dir)!)".contains("gelu"))
        try editConfig(dir) { $0["hidden_act"] = "silu"; $0["rope_parameters"] = ["rope_type": "llama3", "rope_theta": 10000] }
        #expect("\(loadError(dir)!)".contains("llama3"))
    }

    @Test func truncatedWeightsFileIsNamed() throws {
        let dir = try DecoderFixture("gqa_f32").copy()
        let url = dir.appendingPathComponent("model.safetensors")
        let data = try Data(contentsOf: url)
        try data.prefix(data.count - 100).write(to: url)
        guard case let .invalidModel(file, tensor, reason)? = loadError(dir) else { Issue.record("no error"); return }
        #expect(file.hasSuffix("model.safetensors"))
        #expect(tensor != nil)
        #expect(reason.contains("past the end"))
    }

    @Test func emptyDirectoryAndMissingShard() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(loadError(empty) != nil)
        let sharded = try DecoderFixture("sharded").copy()
        try FileManager.default.removeItem(at: sharded.appendingPathComponent("model-00002-of-00002.safetensors"))
        #expect("\(loadError(sharded)!)".contains("model-00002-of-00002.safetensors"))
    }
}
