import Foundation
import Testing
@testable import TextEncoding

/// English G2P against flite's own front end: the fixture holds what `t2p` (flite 2.2, Debian's
/// `flite` package) prints for each word, written by Tools/text/make_g2p_fixture.py.
@Suite struct EnglishG2PTests {
    /// t2p's output in ARPAbet, converted here independently of the library: upper case, flite's
    /// schwa "ax" is AH, and t2p leaves unstressed vowels without a digit.
    static func arpabet(fromT2P phones: Substring) -> [String] {
        let vowels: Set<String> = ["AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"]
        return phones.split(separator: " ").map { raw in
            var p = raw.uppercased()
            var digit = ""
            if let last = p.last, last.isNumber { digit = String(last); p.removeLast() }
            if p == "AX" { p = "AH" }
            return vowels.contains(p) ? p + (digit.isEmpty ? "0" : digit) : p
        }
    }

    static func fixture() throws -> [(word: String, phones: [String])] {
        let url = try #require(Bundle.module.url(forResource: "flite_t2p", withExtension: "tsv", subdirectory: "Fixtures"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(fields[0]), arpabet(fromT2P: fields[1]))
        }
    }

    @Test func agreesWithFliteOnTheWordList() throws {
        let rows = try Self.fixture()
        #expect(rows.count >= 1000)
        let g2p = EnglishG2P()
        var disagreements: [String] = []
        for (word, expected) in rows {
            let got = g2p.phones(for: word)
            if got != expected { disagreements.append("\(word): \(got.joined(separator: " ")) vs t2p \(expected.joined(separator: " "))") }
        }
        let agreement = Double(rows.count - disagreements.count) / Double(rows.count)
        print("EnglishG2P agrees with flite t2p on \(rows.count - disagreements.count) of \(rows.count) words "
              + "(\(String(format: "%.2f", agreement * 100)) %)")
        for line in disagreements { print("  " + line) }
        #expect(agreement >= 0.99)
    }

    @Test(arguments: [
        ("hello", "HH AH0 L OW1"),
        ("world", "W ER1 L D"),
        ("speech", "S P IY1 CH"),
        ("Hello", "HH AH0 L OW1"),
        ("a", "AH0"),
        ("A", "EY1"),
        ("I", "AY1"),
        ("twenty-four", "T W EH1 N T IY0 F AO1 R"),
        ("dog's", "D AO1 G Z"),
        ("xkcd", "EH1 K S K EY1 S IY1 D IY1"),
        ("naïve", "N AY1 IY1 V"),
    ])
    func readsWords(word: String, expected: String) {
        #expect(EnglishG2P().phones(for: word) == expected.split(separator: " ").map(String.init))
    }

    @Test func everyPhoneIsARPAbet() throws {
        let g2p = EnglishG2P()
        for (word, _) in try Self.fixture() {
            let phones = g2p.phones(for: word)
            #expect(!phones.isEmpty, "no phones for \(word)")
            #expect(phones.allSatisfy(ARPAbet.isPhone), "\(word): \(phones)")
        }
    }

    @Test func readsNormalizedText() throws {
        let text = try TextNormalizer().normalize("The FBI paid $5.")
        #expect(EnglishG2P().phones(forText: text).map { $0.joined(separator: " ") } ==
                ["DH AH0", "EH1 F", "B IY1", "AY1", "P EY1 D", "F AY1 V", "D AA1 L ER0 Z"])
    }

    @Test func isSafeFromManyThreads() async {
        let words = ["hello", "world", "synthesis", "blorp", "xkcd", "naive", "dog's"]
        let expected = words.map { EnglishG2P().phones(for: $0) }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<50).allSatisfy { _ in words.map { EnglishG2P().phones(for: $0) } == expected } }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
