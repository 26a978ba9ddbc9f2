import Foundation
@testable import GLMTTS

/// A tiny checkpoint written by Tools/fixtures/make_llama_fixtures.py with transformers' outputs.
struct DecoderFixture {
    let name: String
    let directory: String
    let prompt: [Int]
    let logits: [Float]
    let greedy: [Int]

    static let names = ["gqa_f32", "mha_tied_f32", "gqa_bf16", "mqa_f16", "odd_sizes_bias", "sharded"]

    init(_ name: String) throws {
        guard let root = Bundle.module.url(forResource: "llama", withExtension: nil, subdirectory: "Fixtures") else {
            throw TTSError.invalidArgument(name: "fixture", reason: "llama fixtures missing")
        }
        self.name = name
        directory = root.appendingPathComponent(name).path
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(name).appendingPathComponent("expected.json"))) as! [String: Any]
        prompt = (expected["prompt"] as! [NSNumber]).map(\.intValue)
        logits = (expected["logits"] as! [NSNumber]).map(\.floatValue)
        greedy = (expected["greedy"] as! [NSNumber]).map(\.intValue)
    }

    /// A writable copy of the checkpoint folder, for tests that damage it.
    func copy() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("llama-\(name)-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: directory, toPath: dir.path)
        return dir
    }
}

func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count)
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
