import Inference
import InferenceKernels
import TestSupport
import XCTest

extension XCTestCase {
    /// The kernel set `choice`, or a skip saying this CPU cannot run it (the only skip `CLOSET_REQUIRE_ALL=1` keeps).
    func kernels(_ choice: KernelDispatch.Choice) throws -> any KernelSet.Type {
        guard KernelDispatch.supported.contains(choice) else {
            throw Requirement.notOnThisCPU("this CPU cannot run the \(choice.rawValue) kernels")
        }
        return choice.kernels
    }
}
