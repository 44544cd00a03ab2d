#include "placeholder.h"
int warden_clinuxsecurity_placeholder(void) { return 0; }
