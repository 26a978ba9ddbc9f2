import Foundation
import GLMTTS

// One line of a batch job file (BatchJobParser.parse). Any bytes give a job or a BatchLineError; an
// accepted output name is a plain file name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = Scratch.string(data, size)
    do {
        let job = try BatchJobParser.parse(text, line: 1, baseDirectory: Scratch.directory)
        precondition(!job.outputName.isEmpty && !job.outputName.contains("/") && !job.outputName.hasPrefix("."),
                     "parser accepted output name \(job.outputName)")
        precondition(!job.text.isEmpty, "parser accepted empty text")
    } catch is BatchLineError {
    } catch {
        fatalError("BatchJobParser.parse threw something other than BatchLineError: \(error)")
    }
    return 0
}
