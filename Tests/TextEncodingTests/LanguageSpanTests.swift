import Testing
import TextEncoding

@Suite struct LanguageSpanTests {
    @Test func splitsChineseAndEnglishRuns() {
        #expect(LanguageSpans.split("我用Python写代码") ==
                [LanguageSpan(.chinese, "我用"), LanguageSpan(.english, "Python"), LanguageSpan(.chinese, "写代码")])
        #expect(LanguageSpans.split("Hello 世界") == [LanguageSpan(.english, "Hello "), LanguageSpan(.chinese, "世界")])
        #expect(LanguageSpans.split("") == [])
    }

    @Test func givesNumbersTheLanguageTheyTouch() {
        #expect(LanguageSpans.split("I paid 100元") == [LanguageSpan(.english, "I paid "), LanguageSpan(.chinese, "100元")])
        #expect(LanguageSpans.split("共25个, ok") == [LanguageSpan(.chinese, "共25个, "), LanguageSpan(.english, "ok")])
        #expect(LanguageSpans.split("2024年") == [LanguageSpan(.chinese, "2024年")])
        #expect(LanguageSpans.split("42") == [LanguageSpan(.english, "42")])
        // Spaces and marks close what comes before them.
        #expect(LanguageSpans.split("on 2024-01-05，共") == [LanguageSpan(.english, "on 2024-01-05，"), LanguageSpan(.chinese, "共")])
        #expect(LanguageSpans.split("你好。Hi") == [LanguageSpan(.chinese, "你好。"), LanguageSpan(.english, "Hi")])
    }

    @Test func keepsLatinUnitsWithChineseNumbers() {
        #expect(LanguageSpans.split("时速60km/h。") == [LanguageSpan(.chinese, "时速60km/h。")])
        #expect(LanguageSpans.split("气温-5°C") == [LanguageSpan(.chinese, "气温-5°C")])
        #expect(LanguageSpans.split("500ml水") == [LanguageSpan(.chinese, "500ml水")])
        #expect(LanguageSpans.split("我的Mac很好") ==
                [LanguageSpan(.chinese, "我的"), LanguageSpan(.english, "Mac"), LanguageSpan(.chinese, "很好")])
    }

    /// Every number is read: whatever the mix of languages, no ASCII digit survives normalization.
    @Test(arguments: 0..<100)
    func leavesNoDigitsBehind(seed: Int) throws {
        var rng = SplitMix64(state: UInt64(seed) &+ 1000)
        let parts = ["3.5", "2024年", "$12.50", "-5°C", "100%", "25个", "8 km", "3:30", "1st", "2024-01-05",
                     "13812345678", "555-1234", "1/2", "10-20", "¥100", "Dr.", "FBI", "我们", "hello", "，", ". ",
                     "x", "😀", "**", "\n", " ", "７", "²", "1,234", "#3", "50¢", "0.5", "12:00", "v2.0"]
        var text = ""
        for _ in 0..<(5 + Int(rng.next() % 30)) { text += parts.randomElement(using: &rng)! }
        guard let normalized = try? TextNormalizer().normalize(text) else { return }
        #expect(!normalized.contains { $0.isASCIIDigitForTest }, "\(text) → \(normalized)")
    }
}

extension Character {
    var isASCIIDigitForTest: Bool { ("0"..."9").contains(self) }
}
