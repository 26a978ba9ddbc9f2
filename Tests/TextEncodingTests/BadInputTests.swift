import Foundation
import Testing
import TextEncoding

/// The bad input the issue lists: each is a typed error that says where, or is handled quickly.
@Suite struct BadInputTests {
    @Test func namesTheFileAndOffsetOfInvalidUTF8() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("te-bad-\(UInt32.random(in: 0...UInt32.max)).txt")
        try Data([0x68, 0x69, 0x20, 0xC3, 0x28, 0x21]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: TextInputError.inFile(path: url.path, .invalidUTF8(byteOffset: 3))) { try TextInput.read(contentsOf: url) }
        #expect(throws: TextInputError.self) { try TextInput.read(contentsOf: URL(fileURLWithPath: "/nonexistent/x.txt")) }
    }

    @Test func readsAFileWithAByteOrderMark() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("te-bom-\(UInt32.random(in: 0...UInt32.max)).txt")
        try Data([0xEF, 0xBB, 0xBF] + Array("你好".utf8)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try TextInput.read(contentsOf: url) == "你好")
    }

    @Test func rejectsControlCharactersNamingWhere() throws {
        #expect(throws: TextInputError.controlCharacter(codePoint: 0x07, line: 2, column: 3)) {
            try TextNormalizer().normalize("first\nab\u{07}c")
        }
        #expect(throws: TextInputError.controlCharacter(codePoint: 0x00, line: 1, column: 1)) {
            try TextNormalizer().normalize("\u{00}hello")
        }
        #expect(throws: TextInputError.controlCharacter(codePoint: 0x85, line: 1, column: 2)) {
            try TextNormalizer().normalize("a\u{85}b")
        }
        // Tabs and line breaks are whitespace, not errors.
        #expect(try TextNormalizer().normalize("a\tb\r\nc") == "a b. c.")
    }

    @Test(arguments: ["", "   ", "\n\t\r\n", "😀🎉", "<br/>", "** **", "。。。", "\\n\\n"])
    func rejectsTextWithNothingToSay(text: String) {
        #expect(throws: TextInputError.empty) { try TextNormalizer().normalize(text) }
    }

    @Test func describesErrorsSoAUserCanAct() {
        #expect(TextInputError.controlCharacter(codePoint: 7, line: 2, column: 3).description.contains("U+0007 at line 2, column 3"))
        #expect(TextInputError.unknownPhones(["XX"], pin: "[[XX]]").description.contains("XX"))
        #expect(TextInputError.inFile(path: "a.txt", .invalidUTF8(byteOffset: 9)).description.hasPrefix("a.txt: "))
    }

    @Test func normalizesAndSplitsAMegabyteWithoutPunctuation() throws {
        var rng = SplitMix64(state: 11)
        let words = ["one", "more", "word", "without", "any", "mark", "at", "all", "我们", "今天"]
        var text = ""
        text.reserveCapacity(1_100_000)
        while text.utf8.count < 1_000_000 { text += words.randomElement(using: &rng)! + " " }
        let clock = ContinuousClock()
        var pieces: [String] = []
        let elapsed = try clock.measure {
            pieces = TextSegmenter().split(try TextNormalizer().normalize(text))
        }
        #expect(pieces.count > 1000)
        #expect(pieces.allSatisfy { $0.count <= 300 })
        // Linear passes over a megabyte take a few seconds in a debug build at most.
        #expect(elapsed < .seconds(30))
    }
}
