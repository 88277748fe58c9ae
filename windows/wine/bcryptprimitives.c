/*
 * Test-only stand-in for bcryptprimitives.dll under Wine older than 8.13 (Debian 12 ships 8.0).
 *
 * Rust's std (1.78+) takes its random seeds (HashMap keys) from ProcessPrng in
 * bcryptprimitives.dll, present on every Windows 10/11. Wine only gained that DLL in 8.13, so
 * on Debian 12 every Rust .exe fails to start with "Library bcryptprimitives.dll ... not
 * found" (rust-lang/rust#121337, cross-rs/cross#1490). scripts/windows.sh copies this DLL into
 * the throwaway Wine prefix's system32; it is never shipped in the installer.
 */
#include <windows.h>
#include <ntsecapi.h> /* RtlGenRandom (advapi32!SystemFunction036) */

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
