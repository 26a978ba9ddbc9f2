import Foundation
import ModelStorage

// The safetensors reader (SafetensorsFile): any bytes give a validated file or a ModelFileError. For an
// accepted file every tensor lies inside the mapping and its float values can be read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = Scratch.write(data, size, name: "weights.safetensors")
    do {
        let file = try SafetensorsFile(path: path)
        for info in file.tensors.values {
            precondition(info.offset >= 8 && info.offset + info.byteCount <= file.file.bytes.count,
                         "tensor \(info.name) at \(info.offset)+\(info.byteCount) outside a \(file.file.bytes.count)-byte file")
            precondition(info.elementCount * info.dtype.byteSize == info.byteCount, "tensor \(info.name) size mismatch")
            if [.f32, .f16, .bf16].contains(info.dtype) {
                let values = try file.floats(info.name, shape: info.shape)
                precondition(values.count == info.elementCount)
            } else {
                _ = file.rawBytes(info).reduce(0 as UInt8, &+)
            }
        }
    } catch is ModelFileError {
    } catch {
        fatalError("SafetensorsFile threw \(type(of: error)): \(error)")
    }
    return 0
}
