/// The ARPAbet phone set of the CMU Pronouncing Dictionary: 15 vowels carrying a stress digit
/// (0 unstressed, 1 primary, 2 secondary) and 24 consonants. It is the bundled model's phone set.
public enum ARPAbet {
    public static let vowels = ["AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"]
    public static let consonants = ["B", "CH", "D", "DH", "F", "G", "HH", "JH", "K", "L", "M", "N", "NG", "P", "R",
                                    "S", "SH", "T", "TH", "V", "W", "Y", "Z", "ZH"]

    /// Every phone with its stress: AA0 AA1 AA2 … UW2, then the consonants; 69 symbols.
    public static let phones: [String] = vowels.flatMap { v in ["0", "1", "2"].map { v + $0 } } + consonants

    private static let phoneSet = Set(phones)

    public static func isPhone(_ symbol: String) -> Bool { phoneSet.contains(symbol) }
}
