//! Builds the payment service from configuration: the real client against the configured
//! gateway, or — in demo mode — the emulator (`kasir-emulator`) started in-process on a free
//! loopback port with a random key and the service's clock, talked to by the very same
//! Midtrans client over HTTP.

use std::sync::Arc;

use kasir_core::issuers::Issuer;
use kasir_core::Store;
use kasir_emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use kasir_gateway::{
    build_gateway_with_clock, ClientOptions, GatewayConfig, GatewayError, MerchantInfo,
    ProviderKind, SecretKey,
};

use crate::config::{PaymentConfig, ProviderChoice};
use crate::error::{PaymentError, Result};
use crate::service::{Clock, PaymentService};
use crate::types::{DemoIssuer, PaymentMode};
use kasir_core::PaymentState;

pub struct PaymentRuntime {
    pub service: Arc<PaymentService>,
    pub emulator: Option<EmulatorHandle>,
    pub config: PaymentConfig,
}

fn random_key(prefix: &str) -> SecretKey {
    SecretKey::new(format!("{prefix}{}", uuid::Uuid::new_v4().simple()))
}

impl PaymentRuntime {
    /// Must run inside a tokio runtime (the emulator listens on it).
    pub async fn start(config: PaymentConfig, store: Arc<Store>, clock: Clock) -> Result<Self> {
        let (gateway_cfg, emulator) = match &config.provider {
            ProviderChoice::Emulator { port } => {
                let key = random_key("emulator-");
                let mut merchant = MerchantInfo::demo();
                if let Ok(profile) = store.shop_profile() {
                    merchant.name = profile.name;
                }
                let handle = Emulator::start(EmulatorConfig {
                    port: *port,
                    midtrans_key: key.clone(),
                    xendit_key: random_key("emulator-x-"),
                    merchant,
                    clock: clock.clone(),
                })
                .await
                .map_err(GatewayError::from)?;
                (
                    GatewayConfig {
                        kind: ProviderKind::Midtrans,
                        base_url: handle.base_url(),
                        key,
                    },
                    Some(handle),
                )
            }
            ProviderChoice::Real {
                kind,
                base_url,
                key,
            } => (
                GatewayConfig {
                    kind: *kind,
                    base_url: base_url.clone(),
                    key: key.clone(),
                },
                None,
            ),
        };
        let gateway =
            build_gateway_with_clock(gateway_cfg, ClientOptions::default(), clock.clone())?;
        let service = Arc::new(PaymentService::new(
            store,
            gateway,
            config.provider_name(),
            config.expiry_minutes,
            config.poll_seconds,
            clock,
        ));
        Ok(PaymentRuntime {
            service,
            emulator,
            config,
        })
    }

    pub fn mode(&self) -> PaymentMode {
        PaymentMode {
            provider: self.config.provider_name().to_string(),
            demo: self.emulator.is_some(),
            poll_seconds: self.config.poll_seconds,
            expiry_minutes: self.config.expiry_minutes,
            demo_issuers: if self.emulator.is_some() {
                Issuer::all()
                    .map(|i| DemoIssuer {
                        code: i.id().to_string(),
                        label: i.label().to_string(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            config_error: None,
            clock_skew_seconds: self.service.clock_skew_seconds(),
        }
    }

    /// Demo mode only: the customer "scans and pays" with the chosen app.
    pub async fn demo_pay(&self, attempt_id: &str, issuer: &str) -> Result<PaymentState> {
        let emulator = self.emulator.as_ref().ok_or(PaymentError::NotDemo)?;
        let issuer = Issuer::parse(issuer)
            .ok_or_else(|| PaymentError::Validation(format!("Penerbit tidak dikenal: {issuer}")))?;
        let attempt = self.service.store().attempt(attempt_id)?;
        emulator
            .pay(&attempt.gateway_order_id, issuer, None)
            .map_err(GatewayError::from)?;
        self.service.check_payment_status(attempt_id).await
    }
}
