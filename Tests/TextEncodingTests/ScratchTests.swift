import Foundation
import Testing
import TextEncoding

@Suite struct ScratchTests {
    @Test func scratch() throws {
        guard let text = try? String(contentsOfFile: "/tmp/scratch_inputs.txt", encoding: .utf8) else { return }
        var out = ""
        for line in text.split(separator: "\n") {
            do {
                let n = try TextNormalizer().normalize(String(line))
                out += "\(line)  =>  \(n)  ||  \((try? Phonemizer().symbols(for: n).joined(separator: " ")) ?? "ERR")\n"
            } catch { out += "\(line)  =>  ERROR \(error)\n" }
        }
        try out.write(toFile: "/tmp/scratch_out.txt", atomically: true, encoding: .utf8)
    }
}
