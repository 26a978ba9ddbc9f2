import TextEncoding

/// Text → the model's symbol ids: TextEncoding's phonemizer (pins, English G2P through flite,
/// Chinese pinyin, punctuation), then the model's symbol table.
struct SymbolFrontend: Sendable {
    let ids: [String: Int]
    let unknown: Int
    private let phonemizer = Phonemizer()

    init(symbols: [String]) {
        var ids: [String: Int] = [:]
        for (i, s) in symbols.enumerated() { ids[s] = i }
        self.ids = ids
        unknown = ids["<unk>"] ?? 0
    }

    /// Symbol strings of one normalized segment, in order.
    func symbols(for segment: String) throws -> [String] { try phonemizer.symbols(for: segment) }

    /// Ids for symbols; those the table lacks become `<unk>`.
    func encode(_ symbols: [String]) -> [Int] { symbols.map { ids[$0] ?? unknown } }
}
