import Foundation

/// Runs the built `glmtts` executable (next to the test bundle) and captures its output.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

func runCLI(_ arguments: [String]) throws -> CLIResult {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var binary = products.appendingPathComponent("glmtts")
    // The test runner may live inside a .xctest bundle folder.
    if !FileManager.default.fileExists(atPath: binary.path) {
        binary = products.deletingLastPathComponent().appendingPathComponent("glmtts")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// A checkpoint written by Tools/fixtures/make_llama_fixtures.py (shared with GLMTTSTests).
func llamaFixture(_ name: String) -> (directory: String, expected: [String: Any]) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GLMTTSTests/Fixtures/llama/\(name)")
    let data = try! Data(contentsOf: dir.appendingPathComponent("expected.json"))
    return (dir.path, try! JSONSerialization.jsonObject(with: data) as! [String: Any])
}
