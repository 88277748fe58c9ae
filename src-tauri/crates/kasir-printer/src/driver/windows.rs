//! Windows spooler driver (compiled only on Windows): sends RAW bytes to an installed printer
//! with OpenPrinterW / StartDocPrinterW (datatype "RAW") / WritePrinter.

use windows_sys::Win32::Foundation::{GetLastError, HANDLE};
use windows_sys::Win32::Graphics::Printing::{
    ClosePrinter, EndDocPrinter, EndPagePrinter, OpenPrinterW, StartDocPrinterW, StartPagePrinter,
    WritePrinter, DOC_INFO_1W,
};

use super::PrinterDriver;
use crate::error::{PrinterError, Result};

const ERROR_ACCESS_DENIED: u32 = 5;
const ERROR_INVALID_PRINTER_NAME: u32 = 1801;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

/// An installed Windows printer.
#[derive(Debug)]
pub struct WindowsSpoolerDriver {
    name: String,
}

struct Printer(HANDLE);

impl Drop for Printer {
    fn drop(&mut self) {
        // SAFETY: the handle came from a successful OpenPrinterW and is closed once.
        unsafe {
            ClosePrinter(self.0);
        }
    }
}

fn last_error(what: &str) -> PrinterError {
    // SAFETY: trivially safe FFI call.
    let code = unsafe { GetLastError() };
    let detail = format!("{what}: Windows error {code}");
    match code {
        ERROR_INVALID_PRINTER_NAME => PrinterError::NotFound(detail),
        ERROR_ACCESS_DENIED => PrinterError::PermissionDenied {
            detail,
            hint: "Periksa izin printer di Pengaturan Windows > Printer & pemindai.".to_string(),
        },
        _ => PrinterError::WriteFailed(detail),
    }
}

impl WindowsSpoolerDriver {
    fn open_handle(name: &str) -> Result<Printer> {
        let wname = wide(name);
        let mut handle: HANDLE = std::ptr::null_mut();
        // SAFETY: wname is NUL-terminated and outlives the call; handle is a valid out pointer.
        let ok = unsafe { OpenPrinterW(wname.as_ptr(), &mut handle, std::ptr::null()) };
        if ok == 0 {
            return Err(last_error(name));
        }
        Ok(Printer(handle))
    }

    /// Checks that the printer exists and can be opened.
    pub fn open(name: &str) -> Result<Self> {
        drop(Self::open_handle(name)?);
        Ok(WindowsSpoolerDriver {
            name: name.to_string(),
        })
    }
}

impl PrinterDriver for WindowsSpoolerDriver {
    fn send(&mut self, bytes: &[u8]) -> Result<()> {
        let printer = Self::open_handle(&self.name)?;
        let mut doc_name = wide("Struk Kasir Alpiant");
        let mut datatype = wide("RAW");
        let doc = DOC_INFO_1W {
            pDocName: doc_name.as_mut_ptr(),
            pOutputFile: std::ptr::null_mut(),
            pDatatype: datatype.as_mut_ptr(),
        };
        // SAFETY: the handle is open; doc and its strings outlive the call.
        let job = unsafe { StartDocPrinterW(printer.0, 1, &doc) };
        if job == 0 {
            return Err(last_error(&self.name));
        }
        // SAFETY: handle open, a document was started.
        let result = (|| {
            if unsafe { StartPagePrinter(printer.0) } == 0 {
                return Err(last_error(&self.name));
            }
            let mut rest = bytes;
            while !rest.is_empty() {
                let n = rest.len().min(u32::MAX as usize) as u32;
                let mut written: u32 = 0;
                // SAFETY: rest points to at least n readable bytes; written is a valid out pointer.
                let ok = unsafe { WritePrinter(printer.0, rest.as_ptr().cast(), n, &mut written) };
                if ok == 0 || written == 0 {
                    return Err(last_error(&self.name));
                }
                rest = &rest[written as usize..];
            }
            // SAFETY: a page was started on this handle.
            if unsafe { EndPagePrinter(printer.0) } == 0 {
                return Err(last_error(&self.name));
            }
            Ok(())
        })();
        // SAFETY: a document was started on this handle; always end it.
        unsafe {
            EndDocPrinter(printer.0);
        }
        result
    }

    fn describe(&self) -> String {
        format!("Printer Windows {}", self.name)
    }
}
