#ifndef WARDEN_CLINUXSECURITY_H
#define WARDEN_CLINUXSECURITY_H
/* Placeholder; replaced as the module is written. */
int warden_clinuxsecurity_placeholder(void);
#endif
