/// Word lists the English normalizer reads from. Keys are as written in text.
enum EnglishTables {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]

    /// Month names and abbreviations (with or without a period) → month number.
    static let monthNumbers: [String: Int] = {
        var table: [String: Int] = [:]
        for (index, name) in months.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["Sept"] = 9
        return table
    }()

    /// Abbreviations written with a period. `title` ones come before a name and never end a sentence.
    struct Abbreviation {
        var expansion: String
        var title: Bool
    }

    static let withPeriod: [String: Abbreviation] = [
        "Mr": .init(expansion: "Mister", title: true), "Mrs": .init(expansion: "Missus", title: true),
        "Ms": .init(expansion: "Miz", title: true), "Prof": .init(expansion: "Professor", title: true),
        "Gen": .init(expansion: "General", title: true), "Capt": .init(expansion: "Captain", title: true),
        "Lt": .init(expansion: "Lieutenant", title: true), "Sgt": .init(expansion: "Sergeant", title: true),
        "Col": .init(expansion: "Colonel", title: true), "Gov": .init(expansion: "Governor", title: true),
        "Sen": .init(expansion: "Senator", title: true), "Rep": .init(expansion: "Representative", title: true),
        "Rev": .init(expansion: "Reverend", title: true), "Mt": .init(expansion: "Mount", title: true),
        "Ft": .init(expansion: "Fort", title: true), "Hon": .init(expansion: "Honorable", title: true),
        "vs": .init(expansion: "versus", title: true), "Fig": .init(expansion: "Figure", title: true),
        "fig": .init(expansion: "figure", title: true), "Vol": .init(expansion: "Volume", title: true),
        "vol": .init(expansion: "volume", title: true), "approx": .init(expansion: "approximately", title: true),
        "Dept": .init(expansion: "Department", title: true), "est": .init(expansion: "established", title: true),
        "Jr": .init(expansion: "Junior", title: false), "Sr": .init(expansion: "Senior", title: false),
        "etc": .init(expansion: "et cetera", title: false), "Inc": .init(expansion: "Incorporated", title: false),
        "Ltd": .init(expansion: "Limited", title: false), "Co": .init(expansion: "Company", title: false),
        "Corp": .init(expansion: "Corporation", title: false), "Ave": .init(expansion: "Avenue", title: false),
        "Blvd": .init(expansion: "Boulevard", title: false), "Rd": .init(expansion: "Road", title: false),
        "Ln": .init(expansion: "Lane", title: false), "Sq": .init(expansion: "Square", title: false),
    ]

    /// Titles written without a period (British usage) still expand before a capitalised name.
    static let bareTitles: [String: String] = ["Mr": "Mister", "Mrs": "Missus", "Dr": "Doctor", "Prof": "Professor"]

    /// Dotted abbreviations, lowercased, without the final period.
    static let dotted: [String: String] = [
        "e.g": "for example", "i.e": "that is", "a.m": "A M", "p.m": "P M", "ph.d": "P H D",
        "cf": "compare", "a.k.a": "also known as", "n.b": "note",
    ]

    /// Written forms that are words, not letters to spell.
    static let wordAcronyms: Set<String> = [
        "NASA", "NATO", "UNESCO", "UNICEF", "OPEC", "FIFA", "UEFA", "COVID", "AIDS", "SARS", "LASER",
        "RADAR", "SCUBA", "NAFTA", "IKEA", "ASCII", "PIN", "SIM", "RAM", "ROM", "LAN", "WAN", "NASDAQ",
        "AWOL", "SWAT", "YOLO", "FOMO", "GIF", "JPEG", "CAPTCHA", "NIMBY", "UNIX", "LINUX", "WIFI",
        "LEGO", "ZIP", "SONAR", "INTERPOL", "TOEFL", "IELTS", "MOMA", "DOS", "POTUS",
    ]

    /// Acronyms whose reading is not their letters.
    static let specialAcronyms: [String: String] = ["OK": "okay", "PhD": "P H D", "iOS": "i O S", "macOS": "mac O S"]

    /// Unit abbreviations after a number → (singular, plural).
    static let units: [String: (String, String)] = [
        "km": ("kilometer", "kilometers"), "m": ("meter", "meters"), "cm": ("centimeter", "centimeters"),
        "mm": ("millimeter", "millimeters"), "nm": ("nanometer", "nanometers"), "mi": ("mile", "miles"),
        "ft": ("foot", "feet"), "yd": ("yard", "yards"), "kg": ("kilogram", "kilograms"),
        "g": ("gram", "grams"), "mg": ("milligram", "milligrams"), "lb": ("pound", "pounds"),
        "lbs": ("pound", "pounds"), "oz": ("ounce", "ounces"), "t": ("ton", "tons"),
        "l": ("liter", "liters"), "L": ("liter", "liters"), "ml": ("milliliter", "milliliters"),
        "mL": ("milliliter", "milliliters"), "gal": ("gallon", "gallons"),
        "mph": ("mile per hour", "miles per hour"), "kph": ("kilometer per hour", "kilometers per hour"),
        "km/h": ("kilometer per hour", "kilometers per hour"), "h": ("hour", "hours"),
        "hr": ("hour", "hours"), "hrs": ("hour", "hours"), "min": ("minute", "minutes"),
        "mins": ("minute", "minutes"), "s": ("second", "seconds"), "sec": ("second", "seconds"),
        "ms": ("millisecond", "milliseconds"), "Hz": ("hertz", "hertz"), "kHz": ("kilohertz", "kilohertz"),
        "MHz": ("megahertz", "megahertz"), "GHz": ("gigahertz", "gigahertz"), "KB": ("kilobyte", "kilobytes"),
        "MB": ("megabyte", "megabytes"), "GB": ("gigabyte", "gigabytes"), "TB": ("terabyte", "terabytes"),
        "W": ("watt", "watts"), "kW": ("kilowatt", "kilowatts"), "kWh": ("kilowatt hour", "kilowatt hours"),
        "V": ("volt", "volts"), "mAh": ("milliamp hour", "milliamp hours"), "dB": ("decibel", "decibels"),
        "cc": ("cubic centimeter", "cubic centimeters"), "fps": ("frame per second", "frames per second"),
    ]

    /// Units so short that they are only read as units when written against the number ("5m", not "5 m").
    static let attachedOnlyUnits: Set<String> = ["m", "g", "t", "l", "L", "h", "s", "W", "V"]

    /// Words after which a Roman numeral is a cardinal ("World War II" → "two"), not a regnal ordinal.
    static let numberedThings: Set<String> = [
        "War", "Chapter", "Part", "Volume", "Book", "Act", "Phase", "Episode", "Wars", "Bowl", "Type", "Class",
        "Stage", "Level", "Grade", "Round", "Title", "Section", "Article", "Vatican", "Apollo", "Rocky", "WW",
    ]

    static let scaleWords: Set<String> = ["thousand", "million", "billion", "trillion"]
    static let scaleAbbreviations: [String: String] = ["k": "thousand", "K": "thousand", "M": "million",
                                                       "bn": "billion", "B": "billion", "m": "million"]

    /// Words before a four-digit number that make it a year.
    static let yearContext: Set<String> = [
        "in", "since", "from", "until", "till", "by", "year", "of", "circa", "around", "before", "after",
        "during", "through", "to", "and", "spring", "summer", "autumn", "fall", "winter", "early", "late",
        "mid", "class", "born", "died", "founded", "vintage", "model",
    ]

    /// Currency symbols → (singular, plural, cent singular, cent plural).
    static let currencies: [Character: (String, String, String, String)] = [
        "$": ("dollar", "dollars", "cent", "cents"), "€": ("euro", "euros", "cent", "cents"),
        "£": ("pound", "pounds", "penny", "pence"), "¥": ("yen", "yen", "", ""),
        "₹": ("rupee", "rupees", "paisa", "paise"), "₩": ("won", "won", "", ""),
    ]

    static let symbolWords: [Character: String] = [
        "&": "and", "+": "plus", "=": "equals", "@": "at", "%": "percent", "°": "degrees", "×": "times",
        "÷": "divided by", "<": "less than", ">": "greater than", "§": "section", "©": "copyright",
        "≈": "approximately", "≠": "does not equal", "≤": "less than or equal to",
        "≥": "greater than or equal to", "±": "plus or minus", "∞": "infinity", "π": "pi",
        "√": "square root of", "‰": "per mille",
    ]
}
