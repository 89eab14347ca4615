#ifndef CJAILTOP_DEMO_H
#define CJAILTOP_DEMO_H
#include <stddef.h>

/// The built-in demo recording (Resources/demo-host.jsonl), compiled into the binary so that
/// `jailtop` shows the demo host wherever it is installed, with no resource bundle to find.
const unsigned char *jailtop_demo_recording(void);
size_t jailtop_demo_recording_size(void);

#endif
