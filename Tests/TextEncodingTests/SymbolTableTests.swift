import Foundation
import Testing
import TextEncoding

@Suite struct SymbolTableTests {
    @Test func englishTableHoldsEveryPhoneOnce() throws {
        let table = SymbolTable.english
        #expect(ARPAbet.phones.count == 69)
        #expect(table.count == 5 + 6 + 69)
        #expect(table.id(of: "<pad>") == 0)
        #expect(ARPAbet.phones.allSatisfy { table.id(of: $0) != nil })
        #expect(table.symbol(for: table.id(of: "OW1")!) == "OW1")
    }

    @Test func loadsTheListForm() throws {
        let json = #"{"symbols": ["<pad>", "<unk>", ",", "AA0", "AA1"], "unknown": "<unk>"}"#
        let table = try SymbolTable(json: Data(json.utf8))
        #expect(try table.encode(["AA1", ",", "ZZ"]) == [4, 2, 1])
    }

    @Test func loadsTheExplicitAndGroupedForms() throws {
        let explicit = try SymbolTable(json: Data(#"{"symbols": {"a1": 7, "<pad>": 0}}"#.utf8))
        #expect(explicit.id(of: "a1") == 7 && explicit.symbol(for: 0) == "<pad>")
        let grouped = try SymbolTable(json: Data(#"{"phones": ["B"], "special": ["<pad>"], "tones": ["1", "2"]}"#.utf8))
        #expect(try grouped.encode(["<pad>", "B", "2"]) == [0, 1, 3])
    }

    @Test func roundTripsThroughJSON() throws {
        let table = SymbolTable.english
        #expect(try SymbolTable(json: table.jsonData()) == table)
    }

    @Test func rejectsBadTables() {
        #expect(throws: SymbolTableError.duplicateSymbol("AA0", path: "m.json")) {
            try SymbolTable(json: Data(#"{"symbols": ["AA0", "AA0"]}"#.utf8), source: "m.json")
        }
        #expect(throws: SymbolTableError.duplicateID(3, path: "m.json")) {
            try SymbolTable(json: Data(#"{"symbols": {"a": 3, "b": 3}}"#.utf8), source: "m.json")
        }
        #expect(throws: SymbolTableError.self) { try SymbolTable(json: Data("[1, 2]".utf8)) }
        #expect(throws: SymbolTableError.self) { try SymbolTable(json: Data("not json".utf8)) }
        #expect(throws: SymbolTableError.self) { try SymbolTable(json: Data(#"{"symbols": ["a"], "unknown": "<unk>"}"#.utf8)) }
        #expect(throws: SymbolTableError.self) { try SymbolTable(contentsOf: URL(fileURLWithPath: "/nonexistent/symbols.json")) }
    }

    @Test func namesUnknownSymbolsWhenThereIsNoUnknownToken() throws {
        let table = try SymbolTable(symbols: ["a", "b"])
        #expect(throws: SymbolTableError.unknownSymbols(["x", "y"])) { try table.encode(["a", "x", "y", "x"]) }
    }

    @Test func encodesPhonemizedText() throws {
        let text = try TextNormalizer().normalize("Hello, world!")
        let ids = try SymbolTable.english.encode(Phonemizer().symbols(for: text))
        #expect(ids.map { SymbolTable.english.symbol(for: $0)! } == ["HH", "AH0", "L", "OW1", ",", "W", "ER1", "L", "D", "!"])
    }
}
