import ArgumentParser
import Foundation
import GLMTTS

struct TextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Show what the text front end does: normalize, split, phonemes.",
        subcommands: [Normalize.self, Split.self, Phonemes.self])

    struct Input: ParsableArguments {
        @Argument(help: "The text (omit to read --file or standard input).")
        var text: String?
        @Option(help: "Read the text from this file (UTF-8).")
        var file: String?
        func read() throws -> String { try readText(argument: text, file: file) }
    }

    struct Normalize: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the text as a reader would say it (numbers, dates, units, symbols).")
        @OptionGroup var input: Input
        func run() throws { print(try TextNormalizer().normalize(try input.read())) }
    }

    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Normalize and split into segments, one per line.")
        @OptionGroup var input: Input
        @Option(help: "Largest segment, in characters.")
        var maxChars: Int = 300
        func validate() throws {
            guard maxChars >= 20 else { throw ValidationError("--max-chars must be at least 20, got \(maxChars).") }
        }
        func run() throws {
            for piece in TextSegmenter(maxCharacters: maxChars).split(try TextNormalizer().normalize(try input.read())) { print(piece) }
        }
    }

    struct Phonemes: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Normalize and print the symbols: ARPAbet phones, pinyin, punctuation.")
        @OptionGroup var input: Input
        @Option(help: "Replacement dictionary: lines of `word<TAB>PHONES` or `word<TAB>{pinyin}`.")
        var dictionary: String?
        @Flag(help: "Treat every input line as its own text and print one line of symbols per line (empty lines stay empty).")
        var lines = false
        func run() throws {
            let dict = try dictionary.map { try PronunciationDictionary(contentsOf: URL(fileURLWithPath: $0)) } ?? PronunciationDictionary()
            let phonemizer = Phonemizer(dictionary: dict)
            let text = try input.read()
            var pieces = lines ? text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) : [text]
            if lines, pieces.count > 1, pieces.last!.isEmpty { pieces.removeLast() }  // the file's final newline
            for piece in pieces {
                if lines && piece.trimmingCharacters(in: .whitespaces).isEmpty { print(""); continue }
                print(try phonemizer.symbols(for: try TextNormalizer().normalize(piece)).joined(separator: " "))
            }
        }
    }
}
