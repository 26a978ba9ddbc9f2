import Testing
@testable import GLMTTS

@Suite struct KernelSettingsTests {
    @Test func threadCountIsSetExplicitly() throws {
        let before = Kernels.threadCount
        try Kernels.setThreadCount(1)
        #expect(Kernels.threadCount == 1)
        try Kernels.setThreadCount(before)
        #expect(throws: TTSError.self) { try Kernels.setThreadCount(0) }
    }

    @Test func kernelStatusBecomesTypedError() {
        #expect(throws: TTSError.kernel(name: "k", status: 2)) { try Kernels.check(2, "k") }
        #expect(throws: Never.self) { try Kernels.check(0, "k") }
    }

    @Test func errorMessagesNameFileAndTensor() {
        let e = TTSError.invalidModel(file: "model.safetensors", tensor: "lm_head.weight", reason: "shape [3, 4], expected [4, 4]")
        #expect("\(e)".contains("model.safetensors") && "\(e)".contains("lm_head.weight"))
        #expect("\(TTSError.kvCacheFull(capacity: 512))".contains("512"))
    }

    @Test func simdLevelIsKnown() {
        #expect(["avx512", "avx2", "scalar"].contains(Kernels.simdLevel))
    }
}
