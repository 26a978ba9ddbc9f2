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

    @Test func aSynthesizerStartsWithOneThreadUnlessTheUserChose() {
        #expect(Kernels.startingThreadCount(environment: [:]) == 1)
        #expect(Kernels.startingThreadCount(environment: ["HOME": "/root"]) == 1)
        #expect(Kernels.startingThreadCount(environment: ["GLMTTS_THREADS": "2"]) == 2)
        #expect(Kernels.startingThreadCount(environment: ["GLMTTS_THREADS": "2", "OPENBLAS_NUM_THREADS": "4"]) == 2)
        #expect(Kernels.startingThreadCount(environment: ["OPENBLAS_NUM_THREADS": "4"]) == nil, "OpenBLAS's own setting is left alone")
        #expect(Kernels.startingThreadCount(environment: ["OMP_NUM_THREADS": "3"]) == nil)
        #expect(Kernels.startingThreadCount(environment: ["GLMTTS_THREADS": "zero"]) == 1, "a malformed value falls back to the default")
        #expect(Kernels.startingThreadCount(environment: ["GLMTTS_THREADS": "0"]) == 1)
    }
}
