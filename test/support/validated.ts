// The core composes only validated requests (a BundleRequestDto or ChartRequestDto, which only the
// HTTP pipe and validateBundleRequest() / validateChartRequest() make). Tests write request bodies
// as plain objects; these wrappers validate each body once, as every caller that skips the HTTP
// edge must, and then call the core.
import {
  compose as composeValidated,
  composeBundle as composeBundleValidated,
} from '../../src/core/generate/compose-bundle.js';
import { validateBundleRequest, type BundleRequestDto } from '../../src/core/input/bundle-request.js';
import { validateChartRequest, type ChartRequestDto } from '../../src/core/input/chart-request.js';
import { bundleParts as bundlePartsValidated } from '../../src/core/render/chart/bundle-parts.js';
import {
  buildChart as buildChartValidated,
  chartTarball as chartTarballValidated,
} from '../../src/core/render/chart/chart-builder.js';

/** A request body as a test writes it: the request class's members, without validation's mark. */
export type RequestBody = { [K in keyof BundleRequestDto]: BundleRequestDto[K] };
export type ChartRequestBody = { [K in keyof ChartRequestDto]: ChartRequestDto[K] };

export const composeBundle = (body: RequestBody) => composeBundleValidated(validateBundleRequest(body));
export const compose = (body: RequestBody) => composeValidated(validateBundleRequest(body));
export const bundleParts = (body: RequestBody) => bundlePartsValidated(validateBundleRequest(body));
export const buildChart = (body: ChartRequestBody) => buildChartValidated(validateChartRequest(body));
export const chartTarball = (body: ChartRequestBody) => chartTarballValidated(validateChartRequest(body));
