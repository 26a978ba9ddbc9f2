import Foundation

/// Element types a safetensors file may declare. The decoder computes with F32, F16 and BF16; the
/// others are recognised so that an error can say "unsupported" rather than "unknown".
public enum DType: String, Sendable, CaseIterable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

    public var byteSize: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8, .u8, .bool: return 1
        }
    }
}

/// One tensor of a safetensors file: its type, shape and bytes inside the mapping.
public struct TensorInfo: Sendable {
    public let name: String
    public let dtype: DType
    public let shape: [Int]
    /// Offset of the first byte from the start of the file.
    public let offset: Int
    public let byteCount: Int
    public var elementCount: Int { shape.reduce(1, *) }
}

/// A safetensors file, mapped and validated: header length within the file, JSON well formed,
/// dtypes known, every tensor's bytes inside the data section, sized by its shape, and no two
/// tensors overlapping. Nothing is read from a tensor before all of this holds.
public final class SafetensorsFile: Sendable {
    public let file: MappedFile
    public let tensors: [String: TensorInfo]
    public let metadata: [String: String]

    /// Largest header accepted (the format's own reference implementation uses 100 MB).
    public static let maxHeaderBytes = 100_000_000

    public convenience init(path: String) throws {
        try self.init(file: MappedFile(path: path))
    }

    public init(file: MappedFile) throws {
        self.file = file
        let path = file.path
        func fail(_ reason: String, _ tensor: String? = nil) -> ModelFileError {
            ModelFileError(file: path, tensor: tensor, reason: reason)
        }
        let bytes = file.bytes
        guard bytes.count >= 8 else {
            throw fail("file is \(bytes.count) bytes, too short for a safetensors header (8-byte length)")
        }
        let headerLength = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
        guard headerLength <= UInt64(Self.maxHeaderBytes) else {
            throw fail("header length \(headerLength) exceeds the \(Self.maxHeaderBytes)-byte limit")
        }
        guard Int(headerLength) <= bytes.count - 8 else {
            throw fail("header claims \(headerLength) bytes but the file has only \(bytes.count - 8) after the length")
        }
        let dataStart = 8 + Int(headerLength)
        let dataSize = bytes.count - dataStart
        let headerData = Data(bytes[8..<dataStart])
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: headerData)
        } catch {
            throw fail("header is not valid JSON")
        }
        guard let entries = json as? [String: Any] else { throw fail("header is not a JSON object") }

        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in entries {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw fail("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw fail("__metadata__ value for \(k) is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let entry = value as? [String: Any] else { throw fail("entry is not an object", name) }
            guard let dtypeName = entry["dtype"] as? String else { throw fail("missing dtype", name) }
            guard let dtype = DType(rawValue: dtypeName) else { throw fail("unknown dtype \(dtypeName)", name) }
            guard let shapeNumbers = entry["shape"] as? [NSNumber] else { throw fail("missing or malformed shape", name) }
            guard let offsets = entry["data_offsets"] as? [NSNumber], offsets.count == 2 else {
                throw fail("data_offsets must be two integers", name)
            }
            var shape: [Int] = []
            var count = 1
            for n in shapeNumbers {
                guard let d = Self.exactInt(n), d >= 0 else { throw fail("shape \(shapeNumbers) has a dimension that is not a non-negative integer", name) }
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail("shape \(shapeNumbers) overflows", name) }
                shape.append(d)
                count = product
            }
            guard let begin = Self.exactInt(offsets[0]), let end = Self.exactInt(offsets[1]), begin >= 0, end >= begin else {
                throw fail("data_offsets \(offsets) are not an increasing pair of non-negative integers", name)
            }
            guard end <= dataSize else {
                throw fail("data_offsets end \(end) is past the end of the data section (\(dataSize) bytes)", name)
            }
            let (expected, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, end - begin == expected else {
                throw fail("holds \(end - begin) bytes but shape \(shape) of \(dtypeName) needs \(count * dtype.byteSize)", name)
            }
            tensors[name] = TensorInfo(name: name, dtype: dtype, shape: shape, offset: dataStart + begin, byteCount: end - begin)
        }
        let ordered = tensors.values.filter { $0.byteCount > 0 }.sorted { $0.offset < $1.offset }
        for (a, b) in zip(ordered, ordered.dropFirst()) where a.offset + a.byteCount > b.offset {
            throw fail("overlaps tensor \(a.name)", b.name)
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Integers in JSON must be exact: 3.5 or 1e300 is not a size.
    static func exactInt(_ n: NSNumber) -> Int? {
        let d = n.doubleValue
        guard d.rounded() == d, abs(d) < 9.0e15 else { return nil }
        return Int(d)
    }

    /// Raw bytes of a tensor, valid while this file is alive.
    public func rawBytes(_ info: TensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[info.offset..<(info.offset + info.byteCount)])
    }
}
