//! The shared service, as handlers receive it.

use actix_web::web;

use crate::service::Service;

pub type Svc = web::Data<Service>;
