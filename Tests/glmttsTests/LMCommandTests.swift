import Foundation
import Testing

/// `glmtts lm` end to end, against transformers' outputs for the same checkpoint.
@Suite struct LMCommandTests {
    @Test func logitsMatchTransformers() throws {
        let (dir, expected) = llamaFixture("gqa_f32")
        let prompt = (expected["prompt"] as! [Int]).map(String.init).joined(separator: ",")
        let r = try runCLI(["lm", "--model", dir, "--tokens", prompt, "--logits"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: [Double]]
        let logits = try #require(json["logits"])
        let reference = expected["logits"] as! [Double]
        #expect(logits.count == reference.count)
        #expect(zip(logits, reference).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test(arguments: [false, true])
    func greedyGenerationWithAndWithoutCache(noCache: Bool) throws {
        let (dir, expected) = llamaFixture("gqa_bf16")
        let prompt = (expected["prompt"] as! [Int]).map(String.init).joined(separator: ",")
        let greedy = expected["greedy"] as! [Int]
        let r = try runCLI(["lm", "--model", dir, "--tokens", prompt, "--generate", "\(greedy.count)", "--greedy"] + (noCache ? ["--no-kv-cache"] : []))
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: [Int]]
        #expect(json["tokens"] == greedy)
    }

    @Test func sampledGenerationIsReproducibleBySeed() throws {
        let (dir, _) = llamaFixture("gqa_f32")
        let a = try runCLI(["lm", "--model", dir, "--tokens", "1,2,3", "--generate", "20", "--seed", "5"])
        let b = try runCLI(["lm", "--model", dir, "--tokens", "1,2,3", "--generate", "20", "--seed", "5"])
        let c = try runCLI(["lm", "--model", dir, "--tokens", "1,2,3", "--generate", "20", "--seed", "6"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
    }

    @Test func errorsAreOneSentenceAndNonZeroStatus() throws {
        let (dir, _) = llamaFixture("gqa_f32")
        let missing = try runCLI(["lm", "--tokens", "1,2", "--logits"])
        #expect(missing.status != 0 && missing.stderr.contains("--model"))
        let badList = try runCLI(["lm", "--model", dir, "--tokens", "1,x", "--logits"])
        #expect(badList.status != 0 && badList.stderr.contains("\"x\""))
        let outOfRange = try runCLI(["lm", "--model", dir, "--tokens", "1,999", "--logits"])
        #expect(outOfRange.status != 0 && outOfRange.stderr.contains("999"))
        let noModel = try runCLI(["lm", "--model", "/nonexistent", "--tokens", "1", "--logits"])
        #expect(noModel.status != 0 && noModel.stderr.contains("/nonexistent"))
    }
}
