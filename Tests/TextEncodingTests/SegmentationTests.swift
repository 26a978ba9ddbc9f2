import Foundation
import Testing
import TextEncoding

/// A seeded SplitMix64: the same texts on every machine and every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random text from English words, Chinese characters, numbers and punctuation of both languages,
/// with long runs that have no punctuation at all.
func randomText(_ rng: inout SplitMix64, length: Int) -> String {
    let words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "speech", "model",
                 "internationalization", "a", "I", "synthesis", "3.5", "example.com", "e.g."]
    let han = Array("我们今天天气很好的人在有这中大为上个国说年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感")
    let marks = ["。", "，", "！", "？", "；", ".", ",", "!", "?", ";", ":", "、", "…"]
    var out = ""
    while out.count < length {
        switch rng.next() % 10 {
        case 0...3: out += words.randomElement(using: &rng)! + " "
        case 4...6: for _ in 0..<(1 + rng.next() % 6) { out.append(han.randomElement(using: &rng)!) }
        case 7: out += marks.randomElement(using: &rng)! + (rng.next() % 2 == 0 ? " " : "")
        case 8: out += String(repeating: "x", count: Int(rng.next() % 40))   // a long unbroken word
        default: out += "  \n"
        }
    }
    return out
}

private func withoutWhitespace(_ s: String) -> String { String(s.filter { !$0.isWhitespace }) }

@Suite struct SegmentationTests {
    @Test func keepsTextThatFitsAsOnePiece() {
        let segmenter = TextSegmenter(maxCharacters: 50)
        #expect(segmenter.split("Hello there. How are you?") == ["Hello there. How are you?"])
        #expect(segmenter.split("  short  ") == ["short"])
        #expect(segmenter.split("") == [])
        #expect(segmenter.split(" \n ") == [])
    }

    @Test func cutsAtTheLastSentenceEndThatFits() {
        let text = "One two three. Four five six. Seven eight nine ten eleven."
        #expect(TextSegmenter(maxCharacters: 30).split(text) ==
                ["One two three. Four five six.", "Seven eight nine ten eleven."])
    }

    @Test func prefersSentenceEndsToClauseMarks() {
        let text = "Alpha beta. Gamma delta, epsilon zeta eta theta"
        #expect(TextSegmenter(maxCharacters: 30).split(text) == ["Alpha beta.", "Gamma delta,", "epsilon zeta eta theta"])
    }

    @Test func fallsBackToClauseMarksThenSpaces() {
        #expect(TextSegmenter(maxCharacters: 20).split("aaaa bbbb, cccc dddd eeee ffff") ==
                ["aaaa bbbb,", "cccc dddd eeee ffff"])
        #expect(TextSegmenter(maxCharacters: 12).split("aaaa bbbb cccc dddd") == ["aaaa bbbb", "cccc dddd"])
    }

    @Test func cutsChineseAtMarksThenCharacters() {
        #expect(TextSegmenter(maxCharacters: 8).split("你好，世界。再见，朋友们。") == ["你好，世界。", "再见，朋友们。"])
        #expect(TextSegmenter(maxCharacters: 4).split("一二三四五六七八九") == ["一二三四", "五六七八", "九"])
        // The full stop cannot join 今天天气很好 (six already), and must not be a piece alone.
        #expect(TextSegmenter(maxCharacters: 6).split("今天天气很好。我们去公园吧") == ["今天天气很", "好。", "我们去公园吧"])
    }

    @Test func keepsDecimalsWhole() {
        #expect(TextSegmenter(maxCharacters: 18).split("It was 3.5 meters long. Yes") == ["It was 3.5 meters", "long. Yes"])
    }

    @Test func keepsClosingMarksWithTheirSentence() {
        #expect(TextSegmenter(maxCharacters: 15).split("Is it “true?” Then left.") == ["Is it “true?”", "Then left."])
        #expect(TextSegmenter(maxCharacters: 14).split("He asked why?! Then left.") == ["He asked why?!", "Then left."])
    }

    @Test func cutsAWordOnlyWhenThereIsNoOtherBoundary() {
        #expect(TextSegmenter(maxCharacters: 4).split("abcdefghij") == ["abcd", "efgh", "ij"])
    }

    /// Never over the limit, nothing lost or reordered, and each piece stable when split again.
    @Test(arguments: 0..<200)
    func propertiesHoldOnRandomText(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed))
        let text = randomText(&rng, length: Int(rng.next() % 2000))
        let limit = 1 + Int(rng.next() % 320)
        let segmenter = TextSegmenter(maxCharacters: limit)
        let pieces = segmenter.split(text)
        #expect(pieces.allSatisfy { $0.count <= limit && !$0.isEmpty })
        #expect(withoutWhitespace(pieces.joined()) == withoutWhitespace(text))
        #expect(pieces.allSatisfy { segmenter.split($0) == [$0] })
    }

    @Test func handlesAMegabyteWithoutPunctuationInLinearTime() {
        var rng = SplitMix64(state: 7)
        let words = ["alpha", "beta", "gamma", "delta", "epsilon"]
        var english = ""
        english.reserveCapacity(1_100_000)
        while english.utf8.count < 1_000_000 { english += words.randomElement(using: &rng)! + " " }
        let chinese = String(repeating: "我们今天去公园散步", count: 40_000)   // 360,000 characters, about a megabyte
        let clock = ContinuousClock()
        var pieces: [String] = []
        let elapsed = clock.measure {
            pieces = TextSegmenter().split(english) + TextSegmenter().split(chinese)
        }
        #expect(pieces.allSatisfy { $0.count <= 300 })
        #expect(withoutWhitespace(pieces.joined()) == withoutWhitespace(english) + chinese)
        // Linear work on 1.4 million characters takes well under a second even in a debug build;
        // a quadratic scan would take minutes.
        #expect(elapsed < .seconds(10))
    }
}
