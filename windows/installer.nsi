; Kasir Alpiant — Windows installer (NSIS 3, Debian's `makensis`).
;
; Written for this project after Tauri's own NSIS template (tauri-bundler's installer.nsi),
; because `tauri build --bundles nsis` cannot run here: it downloads NSIS and its
; nsis_tauri_utils plugin at build time. What is kept from Tauri's template:
;   - per-user or per-machine install (Tauri's installMode "both"), per-user by default;
;   - WebView2 handled like Tauri's `downloadBootstrapper` mode (its default): if the runtime's
;     `pv` value is missing from the EdgeUpdate registry keys, download Microsoft's Evergreen
;     bootstrapper from https://go.microsoft.com/fwlink/p/?LinkId=2124703 and run it with
;     `/silent /install`; stop with an error if that fails (the app cannot run without it);
;   - the app's data (%APPDATA% and %LOCALAPPDATA% \id.alpiant.kasir) is kept by the uninstaller
;     unless the user ticks "delete data" (or passes /DELETEDATA to a silent uninstall).
;
; Built by scripts/windows.sh:
;   makensis -DVERSION=0.1.0 -DSRCDIR=<dir with the .exe files and WebView2Loader.dll> -DICON=<icon.ico>
;            -DOUTFILE=<setup.exe> windows/installer.nsi
;
; Command line of the installer (as Tauri's): /S silent, /CurrentUser or /AllUsers,
; /NS no shortcuts, /D=<dir> install directory (must be last).
; Uninstaller: /S silent, /DELETEDATA also delete the shop's data (database, settings, .env).

; A 64-bit installer (NSIS 3's amd64-unicode stubs and plugins, shipped by Debian's nsis):
; the app is x64-only anyway, and it runs under a plain 64-bit Wine (Debian 12's wine64
; without wine32:i386), where the tests install and uninstall it.
Target amd64-unicode
Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not defined (pass -DVERSION=x.y.z)"
!endif
!ifndef SRCDIR
  !error "SRCDIR is not defined (the directory holding kasir-alpiant.exe, kasir-cli.exe, WebView2Loader.dll)"
!endif
!ifndef ICON
  !error "ICON is not defined (the app's .ico)"
!endif
!ifndef OUTFILE
  !define OUTFILE "Kasir Alpiant_${VERSION}_x64-setup.exe"
!endif

!define PRODUCTNAME "Kasir Alpiant"
!define MANUFACTURER "Alpiant"
!define BUNDLEID "id.alpiant.kasir"
!define MAINBINARY "kasir-alpiant.exe"
!define CLIBINARY "kasir-cli.exe"
; The GNU target links WebView2's loader dynamically (webview2-com-sys: static linking needs the
; MSVC target), so Microsoft's redistributable WebView2Loader.dll goes next to the app, as
; Tauri's own NSIS bundler does for windows-gnu builds (tauri-apps/tauri#12324, #8336).
!define WEBVIEW2LOADER "WebView2Loader.dll"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCTNAME}"
!define MANUPRODUCTKEY "Software\${MANUFACTURER}\${PRODUCTNAME}"
; WebView2 Runtime's client GUID, as in Tauri's template and Microsoft's deployment guide.
!define WEBVIEW2APPGUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2URL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

Name "${PRODUCTNAME}"
OutFile "${OUTFILE}"
BrandingText "${PRODUCTNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCTNAME}"
VIAddVersionKey /LANG=0 "CompanyName" "${MANUFACTURER}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCTNAME} Setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${MANUFACTURER}"

; Per user (no admin, %LOCALAPPDATA%\Programs) or per machine (admin, Program Files).
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${PRODUCTNAME}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTKEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTKEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_INSTALLMODEPAGE_SHOWUSERNAME

!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh
!include nsDialogs.nsh

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

Var NoShortcutMode
Var DeleteDataCheckbox
Var DeleteData

; --- installer pages ---
!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
; The finish page's second checkbox creates the desktop shortcut (as in Tauri's template).
!define MUI_FINISHPAGE_RUN "$INSTDIR\${MAINBINARY}"
!define MUI_FINISHPAGE_SHOWREADME
!define MUI_FINISHPAGE_SHOWREADME_TEXT "$(createDesktop)"
!define MUI_FINISHPAGE_SHOWREADME_FUNCTION CreateDesktopShortcut
!insertmacro MUI_PAGE_FINISH

; --- uninstaller pages ---
!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPageCreate un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

LangString createDesktop ${LANG_INDONESIAN} "Buat pintasan di desktop"
LangString createDesktop ${LANG_ENGLISH} "Create a desktop shortcut"
LangString appRunning ${LANG_INDONESIAN} "${PRODUCTNAME} sedang berjalan. Tutup aplikasinya dulu, lalu pilih Retry."
LangString appRunning ${LANG_ENGLISH} "${PRODUCTNAME} is running. Close it first, then choose Retry."
LangString webview2Downloading ${LANG_INDONESIAN} "Mengunduh Microsoft Edge WebView2 Runtime..."
LangString webview2Downloading ${LANG_ENGLISH} "Downloading Microsoft Edge WebView2 Runtime..."
LangString webview2Installing ${LANG_INDONESIAN} "Memasang Microsoft Edge WebView2 Runtime..."
LangString webview2Installing ${LANG_ENGLISH} "Installing Microsoft Edge WebView2 Runtime..."
LangString webview2Present ${LANG_INDONESIAN} "WebView2 Runtime sudah terpasang (versi $0)."
LangString webview2Present ${LANG_ENGLISH} "WebView2 Runtime is installed (version $0)."
LangString webview2Failed ${LANG_INDONESIAN} "WebView2 Runtime tidak bisa dipasang ($0). ${PRODUCTNAME} membutuhkannya. Sambungkan internet lalu jalankan pemasang ini lagi, atau pasang WebView2 Runtime dari situs Microsoft."
LangString webview2Failed ${LANG_ENGLISH} "The WebView2 Runtime could not be installed ($0). ${PRODUCTNAME} needs it. Connect to the internet and run this installer again, or install the WebView2 Runtime from Microsoft's site."
LangString dataTitle ${LANG_INDONESIAN} "Data toko"
LangString dataTitle ${LANG_ENGLISH} "Shop data"
LangString dataSubtitle ${LANG_INDONESIAN} "Database penjualan dan pengaturan disimpan kecuali Anda memilih menghapusnya."
LangString dataSubtitle ${LANG_ENGLISH} "The sales database and settings are kept unless you choose to delete them."
LangString dataText ${LANG_INDONESIAN} "Data toko (database penjualan kasir.db, pengaturan, .env) ada di:$\r$\n$APPDATA\${BUNDLEID}$\r$\n$\r$\nData ini TIDAK dihapus, sehingga memasang ulang ${PRODUCTNAME} melanjutkan semua penjualan."
LangString dataText ${LANG_ENGLISH} "The shop's data (sales database kasir.db, settings, .env) is in:$\r$\n$APPDATA\${BUNDLEID}$\r$\n$\r$\nIt is NOT deleted, so reinstalling ${PRODUCTNAME} keeps every sale."
LangString dataDelete ${LANG_INDONESIAN} "Hapus juga data toko (semua penjualan hilang, tidak bisa dibatalkan)"
LangString dataDelete ${LANG_ENGLISH} "Also delete the shop's data (every sale is lost, cannot be undone)"
LangString dataDeleted ${LANG_INDONESIAN} "Data toko dihapus."
LangString dataDeleted ${LANG_ENGLISH} "Shop data deleted."
LangString dataKept ${LANG_INDONESIAN} "Data toko disimpan di $APPDATA\${BUNDLEID}"
LangString dataKept ${LANG_ENGLISH} "Shop data kept in $APPDATA\${BUNDLEID}"

Function .onInit
  !insertmacro MULTIUSER_INIT
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/NS" $R1
  ${IfNot} ${Errors}
    StrCpy $NoShortcutMode 1
  ${EndIf}
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
  StrCpy $DeleteData 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  ${IfNot} ${Errors}
    StrCpy $DeleteData 1
  ${EndIf}
FunctionEnd

; WebView2, as Tauri's `downloadBootstrapper` mode: skipped when the runtime is registered
; (per machine, 64- or 32-bit view, or per user).
Section "WebView2" SecWebView2
  ${If} ${RunningX64}
    ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2APPGUID}" "pv"
  ${Else}
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2APPGUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2APPGUID}" "pv"
  ${EndIf}
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    DetailPrint "$(webview2Present)"
    Return
  ${EndIf}

  Delete "$TEMP\MicrosoftEdgeWebview2Setup.exe"
  DetailPrint "$(webview2Downloading)"
  NSISdl::download "${WEBVIEW2URL}" "$TEMP\MicrosoftEdgeWebview2Setup.exe"
  Pop $0
  ${If} $0 != "success"
    DetailPrint "$(webview2Failed)"
    MessageBox MB_OK|MB_ICONSTOP "$(webview2Failed)" /SD IDOK
    Abort "$(webview2Failed)"
  ${EndIf}
  DetailPrint "$(webview2Installing)"
  ExecWait '"$TEMP\MicrosoftEdgeWebview2Setup.exe" /silent /install' $0
  Delete "$TEMP\MicrosoftEdgeWebview2Setup.exe"
  ${If} $0 <> 0
    DetailPrint "$(webview2Failed)"
    MessageBox MB_OK|MB_ICONSTOP "$(webview2Failed)" /SD IDOK
    Abort "$(webview2Failed)"
  ${EndIf}
SectionEnd

Section "!${PRODUCTNAME}" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"

  ; A running till holds its .exe open: ask to close it instead of half-updating.
  retry:
  ClearErrors
  ${If} ${FileExists} "$INSTDIR\${MAINBINARY}"
    Delete "$INSTDIR\${MAINBINARY}"
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(appRunning)" /SD IDCANCEL IDRETRY retry
      Abort "$(appRunning)"
    ${EndIf}
  ${EndIf}

  File "${SRCDIR}\${MAINBINARY}"
  File "${SRCDIR}\${CLIBINARY}"
  File "${SRCDIR}\${WEBVIEW2LOADER}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Add/Remove Programs, in the hive of the chosen install mode (SHCTX).
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${PRODUCTNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$\"$INSTDIR\${MAINBINARY}$\""
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${MANUFACTURER}"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$\"$INSTDIR$\""
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\" /$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /$MultiUser.InstallMode /S"
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" "$0"
  WriteRegStr SHCTX "${MANUPRODUCTKEY}" "" "$INSTDIR"

  ${If} $NoShortcutMode != 1
    CreateShortcut "$SMPROGRAMS\${PRODUCTNAME}.lnk" "$INSTDIR\${MAINBINARY}" "" "$INSTDIR\${MAINBINARY}" 0
    ; The finish page (with its checkbox) is skipped when silent: create it here then.
    ${If} ${Silent}
      Call CreateDesktopShortcut
    ${EndIf}
  ${EndIf}
SectionEnd

Function CreateDesktopShortcut
  ${If} $NoShortcutMode != 1
    CreateShortcut "$DESKTOP\${PRODUCTNAME}.lnk" "$INSTDIR\${MAINBINARY}" "" "$INSTDIR\${MAINBINARY}" 0
  ${EndIf}
FunctionEnd

Function un.DataPageCreate
  !insertmacro MUI_HEADER_TEXT "$(dataTitle)" "$(dataSubtitle)"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ; Shown for the current user's profile, where the app keeps its data.
  SetShellVarContext current
  ${NSD_CreateLabel} 0 0 100% 60u "$(dataText)"
  Pop $0
  ${NSD_CreateCheckbox} 0 70u 100% 12u "$(dataDelete)"
  Pop $DeleteDataCheckbox
  ${If} $DeleteData = 1
    ${NSD_Check} $DeleteDataCheckbox
  ${EndIf}
  ${If} $MultiUser.InstallMode == "AllUsers"
    SetShellVarContext all
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DeleteDataCheckbox $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $DeleteData 1
  ${Else}
    StrCpy $DeleteData 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\${MAINBINARY}"
  Delete "$INSTDIR\${CLIBINARY}"
  Delete "$INSTDIR\${WEBVIEW2LOADER}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${PRODUCTNAME}.lnk"
  Delete "$DESKTOP\${PRODUCTNAME}.lnk"

  DeleteRegKey SHCTX "${UNINSTKEY}"
  DeleteRegKey SHCTX "${MANUPRODUCTKEY}"
  DeleteRegKey /ifempty SHCTX "Software\${MANUFACTURER}"

  ; The app keeps its data in the user's profile whatever the install mode (Tauri's
  ; app_data_dir = %APPDATA%\id.alpiant.kasir; WebView2's cache under %LOCALAPPDATA%).
  SetShellVarContext current
  ${If} $DeleteData = 1
    RMDir /r "$APPDATA\${BUNDLEID}"
    RMDir /r "$LOCALAPPDATA\${BUNDLEID}"
    DetailPrint "$(dataDeleted)"
  ${Else}
    DetailPrint "$(dataKept)"
  ${EndIf}
SectionEnd
