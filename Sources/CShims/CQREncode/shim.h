// libqrencode (Debian libqrencode-dev): QR codes for `closet receive`'s address.
#include <qrencode.h>
