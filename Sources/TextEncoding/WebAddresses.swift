/// URLs and e-mail addresses spelled out: "www.example.com/docs" → "W W W dot example dot com slash
/// docs", "jane.doe@mail.org" → "jane dot doe at mail dot org". The scheme ("https://") is not said.
enum WebAddresses {
    private static let topLevelDomains: Set<String> = [
        "com", "org", "net", "edu", "gov", "io", "ai", "cn", "uk", "de", "jp", "fr", "info", "dev", "co",
        "app", "me", "us", "ca", "au", "ru", "in", "tv", "xyz", "biz", "eu", "it", "nl", "es", "ch", "se",
    ]

    private static let symbolNames: [Character: String] = [
        ".": "dot", "@": "at", "/": "slash", "-": "dash", "_": "underscore", ":": "colon",
        "?": "question mark", "=": "equals", "&": "and", "#": "hash", "%": "percent", "~": "tilde", "+": "plus",
    ]

    static func spellOut(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var chunk = ""
        func flush() {
            guard !chunk.isEmpty else { return }
            out += rewrite(chunk)
            chunk = ""
        }
        for c in text {
            if c.isWhitespace { flush(); out.append(c) } else { chunk.append(c) }
        }
        flush()
        return out
    }

    private static func rewrite(_ chunk: String) -> String {
        let leading = chunk.prefix { "(\"'“‘<[".contains($0) }
        var core = chunk.dropFirst(leading.count)
        var trailing = ""
        while let last = core.last, ".,!?;:)\"'”’>]".contains(last) {
            trailing.insert(last, at: trailing.startIndex)
            core = core.dropLast()
        }
        guard core.contains("."), core.count > 3 else { return chunk }
        let lower = core.lowercased()
        var body = Substring(core)
        var isAddress = false
        for scheme in ["https://", "http://", "ftp://"] where lower.hasPrefix(scheme) {
            body = body.dropFirst(scheme.count)
            isAddress = true
        }
        if lower.hasPrefix("www.") { isAddress = true }
        if !isAddress { isAddress = isEmail(body) || isDomain(body) }
        guard isAddress else { return chunk }
        while body.last == "/" { body = body.dropLast() }
        return String(leading) + spell(body) + trailing
    }

    private static func isEmail(_ s: Substring) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains(".") else { return false }
        return parts[0].allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || "._%+-".contains($0) }
            && isDomain(parts[1])
    }

    private static func isDomain(_ s: Substring) -> Bool {
        let host = s.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, topLevelDomains.contains(tld.lowercased()) else { return false }
        return labels.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" } }
            && host.contains { $0.isASCIILetter }
    }

    private static func spell(_ s: Substring) -> String {
        var words: [String] = []
        var run = ""
        func flushRun() {
            guard !run.isEmpty else { return }
            let hasVowel = run.lowercased().contains { "aeiouy".contains($0) }
            if run.count <= 2 || !hasVowel {
                words.append(contentsOf: run.uppercased().map(String.init))
            } else {
                words.append(run.lowercased())
            }
            run = ""
        }
        for c in s {
            if c.isASCIILetter { run.append(c); continue }
            flushRun()
            if c.isASCIIDigit {
                words.append(EnglishNumbers.ones[c.wholeNumberValue!])
            } else if let name = symbolNames[c] {
                words.append(name)
            } else if c.isLetter {
                run.append(c)
            }
        }
        flushRun()
        return words.joined(separator: " ")
    }
}
