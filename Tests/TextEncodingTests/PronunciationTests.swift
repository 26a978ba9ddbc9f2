import Foundation
import Testing
import TextEncoding

@Suite struct PronunciationTests {
    @Test func parsesPinnedPhonesAndPinyin() throws {
        #expect(try PronunciationInput.parse("Say [[HH AH0 L OW1]] to 行{hang2} now") == [
            .text("Say "), .phones(["HH", "AH0", "L", "OW1"]), .text(" to "), .pinyin(["hang2"]), .text(" now"),
        ])
        #expect(try PronunciationInput.parse("[[hh ah0 l ow1]]") == [.phones(["HH", "AH0", "L", "OW1"])])
        #expect(try PronunciationInput.parse("{yin2 hang2}{lü4}") == [.pinyin(["yin2", "hang2"]), .pinyin(["lv4"])])
        // Braces without tone numbers are not pins.
        #expect(try PronunciationInput.parse("a {curly} word") == [.text("a {curly} word")])
    }

    @Test func namesUnknownPinnedPhones() {
        #expect(throws: TextInputError.unknownPhones(["XX", "AH"], pin: "[[HH XX AH L OW1]]")) {
            try PronunciationInput.parse("[[HH XX AH L OW1]]")
        }
        #expect(throws: TextInputError.unknownPhones(["(nothing)"], pin: "[[ ]]")) { try PronunciationInput.parse("[[ ]]") }
        #expect(throws: TextInputError.invalidPinyin(["hang7"], pin: "{hang7}")) { try PronunciationInput.parse("{hang7}") }
        #expect(throws: TextInputError.unclosedPin(offset: 4)) { try PronunciationInput.parse("Say [[HH AH0") }
    }

    @Test func normalizationLeavesPinsAlone() throws {
        let text = try TextNormalizer().normalize("Call [[D AA1 K T ER0]] at 3pm, 银行{yin2 hang2}有2个")
        #expect(text == "Call [[D AA1 K T ER0]] at three P M, 银行{yin2 hang2}有两个")
    }

    @Test func phonemizesMixedText() throws {
        let phonemizer = Phonemizer()
        #expect(try phonemizer.symbols(for: "Hello, 银行。") == ["HH", "AH0", "L", "OW1", ",", "yin2", "hang2", "."])
        #expect(try phonemizer.symbols(for: "A cat. A I.") == ["AH0", "K", "AE1", "T", ".", "EY1", "AY1", "."])
    }

    @Test func pinnedPinyinReplacesTheCharactersBeforeIt() throws {
        let phonemizer = Phonemizer()
        #expect(try phonemizer.symbols(for: "一行{hang2}人") == ["yi1", "hang2", "ren2"])
        #expect(try phonemizer.symbols(for: "银行{yin2 xing2}") == ["yin2", "xing2"])
        #expect(try phonemizer.symbols(for: "{ni3 hao3}") == ["ni3", "hao3"])
        #expect(try phonemizer.symbols(for: "Say [[T AH0 M EY1 T OW2]].") == ["S", "EY1", "T", "AH0", "M", "EY1", "T", "OW2", "."])
    }

    @Test func appliesAReplacementDictionary() throws {
        var dictionary = PronunciationDictionary()
        try dictionary.add("GLM", pronunciation: "G L IH1 M")
        try dictionary.add("行长", pronunciation: "hang2 zhang3")
        let phonemizer = Phonemizer(dictionary: dictionary)
        #expect(try phonemizer.symbols(for: "glm rocks") == ["G", "L", "IH1", "M", "R", "AA1", "K", "S"])
        #expect(try phonemizer.symbols(for: "这位行长") == ["zhe4", "wei4", "hang2", "zhang3"])
        // Whole words only: "glmx" is not "glm".
        #expect(dictionary.apply(to: [.text("glmx glm")]) == [.text("glmx "), .phones(["G", "L", "IH1", "M"])])
    }

    @Test func readsADictionaryFileAndNamesBadLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("te-dict-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.txt")
        try "# comment\nGLM  JH IY1 EH1 L EH1 M  # trailing comment\n\n重庆 chong2 qing4\n".write(to: good, atomically: true, encoding: .utf8)
        let dictionary = try PronunciationDictionary(contentsOf: good)
        #expect(dictionary.entries.count == 2)
        #expect(dictionary.entries["glm"] == .phones(["JH", "IY1", "EH1", "L", "EH1", "M"]))
        let bad = dir.appendingPathComponent("bad.txt")
        try "GLM JH IY1\nTTS T IY9 T IY1 EH1 S\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: TextInputError.invalidDictionaryEntry(path: bad.path, line: 2,
                reason: TextInputError.unknownPhones(["IY9"], pin: "TTS").description)) {
            try PronunciationDictionary(contentsOf: bad)
        }
        let lonely = dir.appendingPathComponent("lonely.txt")
        try "word\n".write(to: lonely, atomically: true, encoding: .utf8)
        #expect(throws: TextInputError.self) { try PronunciationDictionary(contentsOf: lonely) }
    }
}
