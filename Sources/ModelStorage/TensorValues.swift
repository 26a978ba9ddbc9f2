extension SafetensorsFile {
    /// A tensor's values widened to Float (from F32, F16 or BF16), after checking its shape.
    /// Errors name the file and the tensor.
    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> [Float] {
        guard let info = tensors[name] else {
            throw ModelFileError(file: file.path, tensor: name, reason: "missing")
        }
        if let expected, info.shape != expected {
            throw ModelFileError(file: file.path, tensor: name, reason: "shape \(info.shape), expected \(expected)")
        }
        let raw = rawBytes(info)
        let n = info.elementCount
        switch info.dtype {
        case .f32:
            return (0..<n).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        case .f16:
            return (0..<n).map { Float(Float16(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
        case .bf16:
            return (0..<n).map { Float(bitPattern: UInt32(raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) << 16) }
        default:
            throw ModelFileError(file: file.path, tensor: name, reason: "dtype \(info.dtype.rawValue) is not a float type (F32, F16, BF16)")
        }
    }
}
