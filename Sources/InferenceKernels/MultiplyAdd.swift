/// How a kernel build multiplies and adds, as a type. A kernel that must not be inlined (so that its
/// loop gets the registers to itself) is generic over it, and each kernel module passes its own
/// conforming type, declared in that module: the specialization then exists only there, compiled
/// with that module's flags (AVX2+FMA or portable). A non-generic out-of-line function, or one
/// specialized for a type declared here, would be compiled here too, without them, and the linker
/// could keep that copy.
public protocol MultiplyAdd {
    /// Whether `acc + a * b` is one fused instruction (`addingProduct`) in this build; without FMA
    /// hardware, `addingProduct` would be a libm call per lane.
    static var fused: Bool { get }
}
