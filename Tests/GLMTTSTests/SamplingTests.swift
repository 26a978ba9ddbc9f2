import Foundation
import Testing
@testable import GLMTTS

@Suite struct SamplingTests {
    @Test func generatorMatchesReferenceImplementation() throws {
        let url = Bundle.module.url(forResource: "rng", withExtension: "json", subdirectory: "Fixtures")!
        let cases = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: [String]]
        #expect(cases.count == 4)
        for (seed, expected) in cases {
            var g = SeededGenerator(seed: UInt64(seed)!)
            #expect((0..<8).map { _ in String(g.next()) } == expected, "seed \(seed)")
        }
    }

    @Test func greedyTakesTheLowestIdOnTies() {
        var s = TokenSampler(options: .greedy, seed: 1)
        #expect(s.next(logits: [0.1, 3, 3, -1], history: []) == 1)
    }

    @Test func sameSeedSameTokensDifferentSeedDifferentTokens() {
        let logits = (0..<50).map { Float(sin(Double($0))) }
        func draws(_ seed: UInt64) -> [Int] {
            var s = TokenSampler(options: SamplingOptions(temperature: 1), seed: seed)
            return (0..<40).map { _ in s.next(logits: logits, history: []) }
        }
        #expect(draws(7) == draws(7))
        #expect(draws(7) != draws(8))
    }

    /// Top-k: only the k most probable tokens are ever drawn, with frequencies proportional to their
    /// renormalized probabilities (each within 4.5 standard deviations over 20 000 draws).
    @Test func topKDrawsFollowTheRenormalizedDistribution() {
        let logits: [Float] = [2.0, 1.5, 1.0, 0.5, 0.0, -0.5]
        var s = TokenSampler(options: SamplingOptions(temperature: 1, topK: 3), seed: 3)
        var counts = [Int](repeating: 0, count: 6)
        let n = 20_000
        for _ in 0..<n { counts[s.next(logits: logits, history: [])] += 1 }
        #expect(counts[3...].allSatisfy { $0 == 0 })
        let e = logits.prefix(3).map { exp(Double($0)) }
        let z = e.reduce(0, +)
        for i in 0..<3 {
            let p = e[i] / z
            let sd = (Double(n) * p * (1 - p)).squareRoot()
            #expect(abs(Double(counts[i]) - Double(n) * p) < 4.5 * sd, "token \(i): \(counts[i]) vs \(Double(n) * p)")
        }
    }

    /// Top-p: tokens are kept while the cumulative probability before them is below p.
    @Test func topPKeepsTheNucleus() {
        let p: [Double] = [0.05, 0.5, 0.3, 0.15]
        #expect(TokenSampler.nucleus(p, topK: 0, topP: 0.8).map(\.id) == [1, 2])
        #expect(TokenSampler.nucleus(p, topK: 0, topP: 0.81).map(\.id) == [1, 2, 3])
        #expect(TokenSampler.nucleus(p, topK: 1, topP: 1).map(\.id) == [1])
        #expect(TokenSampler.nucleus(p, topK: 0, topP: 0.1).map(\.id) == [1])
        var s = TokenSampler(options: SamplingOptions(temperature: 1, topP: 0.8), seed: 5)
        let logits = p.map { Float(log($0)) }
        var seen = Set<Int>()
        for _ in 0..<2000 { seen.insert(s.next(logits: logits, history: [])) }
        #expect(seen == [1, 2])
    }

    /// RAS: a token already in the recent window is redrawn from the full distribution.
    @Test func repetitionAwareSamplingRedrawsRepeats() {
        // Nucleus 0.8 holds only token 0 (p ≈ 0.9); with token 0 filling the window, some draws
        // must come from the rest of the distribution.
        let logits: [Float] = [4, 1, 1, 1]
        var ras = TokenSampler(options: .ras, seed: 11)
        var plain = TokenSampler(options: SamplingOptions(temperature: 1, topK: 25, topP: 0.8), seed: 11)
        let history = [Int](repeating: 0, count: 10)
        var rasOthers = 0, plainOthers = 0
        for _ in 0..<2000 {
            if ras.next(logits: logits, history: history) != 0 { rasOthers += 1 }
            if plain.next(logits: logits, history: history) != 0 { plainOthers += 1 }
        }
        #expect(plainOthers == 0)
        // Full distribution gives tokens 1–3 probability 3e/(e⁴+3e) ≈ 0.13.
        #expect(rasOthers > 180 && rasOthers < 340)
        // With no repeats in the window, RAS is plain nucleus sampling.
        var fresh = TokenSampler(options: .ras, seed: 11)
        #expect((0..<200).allSatisfy { _ in fresh.next(logits: logits, history: [1, 2, 3]) == 0 })
    }

    @Test func invalidOptionsAreRejected() {
        #expect(throws: TTSError.self) { try SamplingOptions(temperature: -1).validate() }
        #expect(throws: TTSError.self) { try SamplingOptions(topP: 0).validate() }
        #expect(throws: TTSError.self) { try SamplingOptions(topK: -2).validate() }
    }
}
