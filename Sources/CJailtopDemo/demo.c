// Embeds the demo recording with C23 #embed (clang >= 19, shipped with every Swift 6.x toolchain).
// The path is relative to this file; the recording is made by `jailtop-synth demo`.
#include "include/CJailtopDemo.h"

// SwiftPM compiles C as gnu11 by default; #embed is standard C23 and clang supports it there too.
#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char demo_recording[] = {
#embed "../../Resources/demo-host.jsonl"
};

const unsigned char *jailtop_demo_recording(void) { return demo_recording; }
size_t jailtop_demo_recording_size(void) { return sizeof demo_recording; }
