// Embeds the demo recording with C23 #embed (clang >= 19, shipped with every Swift 6.x toolchain).
// The path is relative to this file; the recording is made by `jailtop-synth demo`.
#include "CJailtopDemo.h"

static const unsigned char demo_recording[] = {
#embed "../../Resources/demo-host.jsonl"
};

const unsigned char *jailtop_demo_recording(void) { return demo_recording; }
size_t jailtop_demo_recording_size(void) { return sizeof demo_recording; }
