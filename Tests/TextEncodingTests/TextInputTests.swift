import Testing
import TextEncoding

@Suite struct TextInputTests {
    @Test func decodesValidUTF8() throws {
        #expect(try TextInput.decode(Array("héllo 你好".utf8)) == "héllo 你好")
    }

    @Test func namesTheOffsetOfInvalidUTF8() {
        let bytes: [UInt8] = Array("abc".utf8) + [0xFF] + Array("def".utf8)
        #expect(throws: TextInputError.invalidUTF8(byteOffset: 3)) { try TextInput.decode(bytes) }
        let multibyte: [UInt8] = Array("é".utf8) + [0xC3]   // truncated 2-byte sequence
        #expect(throws: TextInputError.invalidUTF8(byteOffset: 2)) { try TextInput.decode(multibyte) }
    }

    @Test func foldsWhitespaceAndControlCharacters() throws {
        #expect(try TextInput.clean("  Hello,\n\tworld\u{0007}  again\r\n") == "Hello, world again")
        #expect(try TextInput.clean("一\u{3000}二") == "一 二")
    }

    @Test(arguments: ["", "   ", "\n\t\r", "\u{0000}\u{0001}"])
    func rejectsEmptyText(text: String) {
        #expect(throws: TextInputError.empty) { try TextInput.clean(text) }
    }
}
