import Foundation

/// Errors in a model's symbol table.
public enum SymbolTableError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidFile(path: String, reason: String)
    case duplicateSymbol(String, path: String)
    case duplicateID(Int, path: String)
    case unknownSymbols([String])

    public var description: String {
        switch self {
        case let .invalidFile(path, reason): return "\(path): not a symbol table: \(reason)"
        case let .duplicateSymbol(symbol, path): return "\(path): the symbol '\(symbol)' appears twice"
        case let .duplicateID(id, path): return "\(path): the id \(id) is given to two symbols"
        case let .unknownSymbols(symbols):
            return "symbols not in the model's table: \(symbols.joined(separator: ", "))"
        }
    }
}

/// Symbols (special tokens, punctuation, phones, tones, syllables) and their ids, as a model reads
/// them. Loaded from a model's JSON file, in either form:
///
/// ```json
/// {"symbols": ["<pad>", "<unk>", "<bos>", "<eos>", ",", ".", "AA0", "AA1"]}      // id = position
/// {"symbols": {"<pad>": 0, "<unk>": 1, "AA0": 6}, "unknown": "<unk>"}             // explicit ids
/// ```
///
/// `"unknown"` (optional) names the symbol that stands for anything not in the table; without it
/// encoding an unknown symbol is an error. Groups may also be given separately — `"special"`,
/// `"punctuation"`, `"phones"`, `"tones"`, `"syllables"` — and take ids in that order.
public struct SymbolTable: Sendable, Equatable {
    public private(set) var ids: [String: Int] = [:]
    public private(set) var symbolsByID: [Int: String] = [:]
    public let unknown: String?

    public static let groupOrder = ["special", "punctuation", "phones", "tones", "syllables"]

    /// Ids in order of the list. Throws for a duplicate symbol.
    public init(symbols: [String], unknown: String? = nil, source: String = "(symbols)") throws {
        try self.init(pairs: symbols.enumerated().map { ($1, $0) }, unknown: unknown, source: source)
    }

    private init(pairs: [(String, Int)], unknown: String?, source: String) throws {
        for (symbol, id) in pairs {
            guard ids[symbol] == nil else { throw SymbolTableError.duplicateSymbol(symbol, path: source) }
            guard symbolsByID[id] == nil else { throw SymbolTableError.duplicateID(id, path: source) }
            guard id >= 0 else { throw SymbolTableError.invalidFile(path: source, reason: "negative id \(id) for '\(symbol)'") }
            ids[symbol] = id
            symbolsByID[id] = symbol
        }
        if let unknown, ids[unknown] == nil {
            throw SymbolTableError.invalidFile(path: source, reason: "the unknown symbol '\(unknown)' is not in the table")
        }
        self.unknown = unknown
    }

    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SymbolTableError.invalidFile(path: url.path, reason: error.localizedDescription)
        }
        try self.init(json: data, source: url.path)
    }

    public init(json: Data, source: String = "(json)") throws {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: json) } catch {
            throw SymbolTableError.invalidFile(path: source, reason: "invalid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else {
            throw SymbolTableError.invalidFile(path: source, reason: "expected a JSON object at the top level")
        }
        let unknown = root["unknown"] as? String
        if let list = root["symbols"] as? [Any] {
            let strings = list.compactMap { $0 as? String }
            guard strings.count == list.count else {
                throw SymbolTableError.invalidFile(path: source, reason: "\"symbols\" must hold strings")
            }
            try self.init(symbols: strings, unknown: unknown, source: source)
        } else if let map = root["symbols"] as? [String: Any] {
            var pairs: [(String, Int)] = []
            for (symbol, value) in map.sorted(by: { $0.key < $1.key }) {
                guard let id = value as? Int else {
                    throw SymbolTableError.invalidFile(path: source, reason: "the id of '\(symbol)' is not an integer")
                }
                pairs.append((symbol, id))
            }
            try self.init(pairs: pairs, unknown: unknown, source: source)
        } else {
            var symbols: [String] = []
            for group in Self.groupOrder {
                guard let value = root[group] else { continue }
                guard let list = value as? [String] else {
                    throw SymbolTableError.invalidFile(path: source, reason: "\"\(group)\" must be a list of strings")
                }
                symbols += list
            }
            guard !symbols.isEmpty else {
                throw SymbolTableError.invalidFile(path: source, reason: "no \"symbols\" and none of \(Self.groupOrder)")
            }
            try self.init(symbols: symbols, unknown: unknown, source: source)
        }
    }

    public var count: Int { ids.count }

    public func id(of symbol: String) -> Int? { ids[symbol] }

    public func symbol(for id: Int) -> String? { symbolsByID[id] }

    /// Ids of the symbols; an unknown symbol maps to the table's unknown symbol, or, if it has none,
    /// the call throws naming every unknown symbol.
    public func encode(_ symbols: [String]) throws -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(symbols.count)
        var missing: [String] = []
        for s in symbols {
            if let id = ids[s] { out.append(id) } else if let unknown { out.append(ids[unknown]!) } else {
                if !missing.contains(s) { missing.append(s) }
            }
        }
        guard missing.isEmpty else { throw SymbolTableError.unknownSymbols(missing) }
        return out
    }

    /// The table as JSON in the explicit-id form.
    public func jsonData() throws -> Data {
        var root: [String: Any] = ["symbols": ids]
        if let unknown { root["unknown"] = unknown }
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .prettyPrinted])
    }

    /// Special tokens, punctuation and the 69 ARPAbet phones: the English table of the phone set.
    public static let english: SymbolTable = {
        let special = ["<pad>", "<unk>", "<bos>", "<eos>", "<sp>"]
        // Force-unwrapped: the lists are constants with no duplicates (checked by the tests).
        return try! SymbolTable(symbols: special + Phonemizer.punctuation + ARPAbet.phones, unknown: "<unk>")
    }()
}
