import Foundation
import ModelStorage
import Testing

/// Hostile and broken safetensors files: each is a typed error naming the file (and the tensor
/// where there is one), never a crash.
@Suite struct SafetensorsValidationTests {
    /// Writes `header` (as JSON text) and `data` in the safetensors layout; `claimedLength`
    /// overrides the 8-byte header length.
    func file(_ header: String, data: [UInt8] = [], claimedLength: UInt64? = nil, raw: [UInt8]? = nil) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString).safetensors").path
        var bytes: [UInt8]
        if let raw {
            bytes = raw
        } else {
            let h = Array(header.utf8)
            bytes = withUnsafeBytes(of: (claimedLength ?? UInt64(h.count)).littleEndian) { Array($0) } + h + data
        }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func error(_ path: String) -> ModelFileError? {
        do { _ = try SafetensorsFile(path: path); return nil } catch let e as ModelFileError { return e } catch { return nil }
    }

    @Test func readsAValidFile() throws {
        let floats: [Float] = [1, 2, 3, 4, 5, 6]
        let data = floats.withUnsafeBytes { Array($0) }
        let path = try file(#"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#, data: data)
        let st = try SafetensorsFile(path: path)
        let w = try #require(st.tensors["w"])
        #expect(w.shape == [2, 3] && w.dtype == .f32 && w.byteCount == 24)
        #expect(st.metadata["format"] == "pt")
        let back = Array(st.rawBytes(w).bindMemory(to: Float.self))
        #expect(back == floats)
    }

    @Test func emptyAndShortFiles() throws {
        #expect(error(try file("", raw: []))?.reason.contains("too short") == true)
        #expect(error(try file("", raw: [1, 2, 3]))?.reason.contains("too short") == true)
    }

    @Test func headerLengthBeyondTheFile() throws {
        let e = error(try file("{}", claimedLength: 1000))
        #expect(e?.reason.contains("1000") == true)
        let huge = error(try file("{}", claimedLength: UInt64.max))
        #expect(huge?.reason.contains("limit") == true)
    }

    @Test(arguments: ["{not json", "[1,2]", "\"text\""])
    func headerMustBeAJSONObject(header: String) throws {
        #expect(error(try file(header)) != nil)
    }

    @Test func unknownDtypeNamesTheTensor() throws {
        let e = error(try file(#"{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}"#, data: [0]))
        #expect(e?.tensor == "a")
        #expect(e?.reason.contains("Q4") == true)
    }

    @Test func offsetsPastTheEnd() throws {
        let e = error(try file(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: [UInt8](repeating: 0, count: 8)))
        #expect(e?.tensor == "a")
        #expect(e?.reason.contains("past the end") == true)
    }

    @Test func sizeMustMatchShape() throws {
        let e = error(try file(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
        #expect(e?.reason.contains("needs 12") == true)
    }

    @Test func overlappingTensors() throws {
        let e = error(try file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                               data: [UInt8](repeating: 0, count: 12)))
        #expect(e?.reason.contains("overlaps") == true)
    }

    @Test(arguments: [#"[-1]"#, #"[1.5]"#, #"["2"]"#, #"[1e300]"#])
    func malformedShapes(shape: String) throws {
        let e = error(try file(#"{"a":{"dtype":"F32","shape":\#(shape),"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]))
        #expect(e?.tensor == "a")
    }

    @Test func malformedOffsets() throws {
        #expect(error(try file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: [0, 0, 0, 0]))?.tensor == "a")
        #expect(error(try file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#, data: [0, 0, 0, 0]))?.tensor == "a")
    }

    @Test func missingFileAndDirectory() {
        #expect(error("/nonexistent/model.safetensors")?.reason.contains("cannot open") == true)
        #expect(error(FileManager.default.temporaryDirectory.path) != nil)
    }

    /// Random bytes must never crash the reader.
    @Test func randomBytesAreRejectedOrRead() throws {
        var state: UInt64 = 12345
        for length in [8, 9, 16, 64, 300] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ -> UInt8 in
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    return UInt8(truncatingIfNeeded: state >> 56)
                }
                _ = error(try file("", raw: bytes))
            }
        }
    }
}
